/**
 * The mount's log on stderr ({@code [magicfs] READ notes.txt (ino=5) offset=0 size=131072}) and its levels.
 * Nothing here formats a message for a level that is off; callers check {@link dev.magicfs.host.log.MountLog#isOn}.
 */
package dev.magicfs.host.log;
