/**
 * The mount's log on stderr ({@code [magicfs] READ notes.txt (ino=5) offset=0 size=131072}) and its levels.
 * Nothing here formats a message for a level that is off; callers check {@link dev.magicfs.host.log.MountLog#isOn}.
 * Request lines fold past a rate per operation and file, so the log of a benchmark stays readable.
 */
package dev.magicfs.host.log;
