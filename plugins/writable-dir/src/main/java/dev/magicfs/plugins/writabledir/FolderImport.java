package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.FileType;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a tree as a view of a {@code from:} folder: each folder, symbolic link and special file becomes a
 * node of the tree with the folder's owner, mode and times, and each regular file a node that reads from the
 * folder until its first change ({@link Origin}). Hard links in the folder stay one file with several names.
 * The folder is only read.
 */
final class FolderImport {
    private final Map<Object, TreeNode> byFileKey = new HashMap<>();
    private long imported;

    private FolderImport() {}

    /** Copies the shape of {@code folder} into the empty tree under {@code root}; returns how many names it made. */
    static long into(TreeDirectory root, Path folder) throws IOException, FsException {
        FolderImport run = new FolderImport();
        run.folder(root, folder);
        return run.imported;
    }

    private void folder(TreeDirectory directory, Path folder) throws IOException, FsException {
        try (DirectoryStream<Path> names = Files.newDirectoryStream(folder)) {
            for (Path path : names) {
                entry(directory, path);
            }
        }
    }

    private void entry(TreeDirectory directory, Path path) throws IOException, FsException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,rdev,lastAccessTime,lastModifiedTime,ctime,nlink,fileKey",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        FileType type = FileType.ofMode(mode);
        if (type == null) {
            return;
        }
        String name = path.getFileName().toString();
        Object key = a.get("fileKey");
        TreeNode linked = type == FileType.REGULAR && (Integer) a.get("nlink") > 1 ? byFileKey.get(key) : null;
        if (linked != null) {
            directory.link(name, linked, null);
            imported++;
            return;
        }
        Metadata metadata = new Metadata(type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE ? (Long) a.get("rdev") : 0,
                instant(a.get("lastAccessTime")), instant(a.get("lastModifiedTime")), instant(a.get("ctime")));
        String target = type == FileType.SYMLINK ? Files.readSymbolicLink(path).toString() : null;
        TreeNode node = directory.create(name, metadata, target, type == FileType.REGULAR ? new Origin(path) : null);
        imported++;
        if (type == FileType.REGULAR && (Integer) a.get("nlink") > 1) {
            byFileKey.put(key, node);
        }
        if (node instanceof TreeDirectory subdirectory) {
            folder(subdirectory, path);
        }
    }

    private static Instant instant(Object time) {
        return ((FileTime) time).toInstant();
    }
}
