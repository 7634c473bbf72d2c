package dev.magicfs.api;

/** What a node of a changeable tree is, with the type bits stat(2) shows for it in {@code st_mode}. */
public enum FileType {
    REGULAR(0100000),
    DIRECTORY(0040000),
    SYMLINK(0120000),
    FIFO(0010000),
    SOCKET(0140000),
    CHAR_DEVICE(0020000),
    BLOCK_DEVICE(0060000);

    /** The S_IFMT bits of this type. */
    public final int modeBits;

    FileType(int modeBits) {
        this.modeBits = modeBits;
    }

    /** The type whose bits {@code mode} carries in S_IFMT (0170000), or null for none. */
    public static FileType ofMode(int mode) {
        for (FileType type : values()) {
            if (type.modeBits == (mode & 0170000)) {
                return type;
            }
        }
        return null;
    }
}
