/**
 * The contract between magicfs and its plugins: everything a plugin author needs, nothing of FUSE.
 *
 * <h2>Concepts</h2>
 * <ul>
 *   <li>A <b>kind</b> ({@link dev.magicfs.api.FileKind}) is what {@code kind:} names in mount.yaml. A plugin
 *       contributes kinds as PF4J extensions. The host asks the kind to turn one file's spec into a
 *       {@link dev.magicfs.api.Node}.</li>
 *   <li>A <b>node</b> is one file or directory. It implements only the capabilities it has:
 *       {@link dev.magicfs.api.Readable}, {@link dev.magicfs.api.Generated}, {@link dev.magicfs.api.Writable},
 *       {@link dev.magicfs.api.Truncatable}, {@link dev.magicfs.api.Syncable}, {@link dev.magicfs.api.Directory}. Each capability says what the
 *       user sees when a node lacks it. A node that acts once nobody writes it (an upload) is also
 *       {@link dev.magicfs.api.OpenAware}.</li>
 *   <li>A <b>changeable tree</b> is made of {@link dev.magicfs.api.MutableNode}s under a
 *       {@link dev.magicfs.api.MutableDirectory}: users create, rename and remove names in it with ordinary
 *       tools. The host decides what each operation means (owners, times, which rename may replace what);
 *       the nodes keep names, {@link dev.magicfs.api.Metadata} and bytes wherever their store lives.</li>
 *   <li>Inode numbers, open handles, kernel caching and replies belong to the host. A node never sees them;
 *       it can only suggest cache settings through {@link dev.magicfs.api.CachePolicy}.</li>
 *   <li>Failures are {@link dev.magicfs.api.FsException}s carrying an {@link dev.magicfs.api.Errno}. Any other
 *       exception thrown by a node becomes EIO for that one request, and a log line naming the file.</li>
 *   <li>Memory is the mount's: content users write is reserved from a {@link dev.magicfs.api.MemoryBudget},
 *       copies that can be fetched again live in a {@link dev.magicfs.api.ContentCache}. Both come with the
 *       {@link dev.magicfs.api.FileSpec}.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * The host serves requests on several threads at once. Every capability method may be called concurrently,
 * also for the same node; a node guards its own mutable state. A slow method only delays requests for
 * that file; a method that never returns makes only its own requests fail, after the mount's
 * {@code request_timeout}.
 */
package dev.magicfs.api;
