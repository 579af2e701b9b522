package io.github.skyremote.core.cluster;

import io.github.skyremote.core.AtomicFiles;
import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The file that names a device's cluster ({@code .cluster_name_gpu}): the name and a newline, exactly as the skill's
 * scripts write it, so {@code sky exec $(cat .cluster_name_gpu) ...} keeps working by hand.
 */
public final class ClusterNameFile {
    private static final int MAX_BYTES = 4096;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int PRINTABLE_LENGTH = 80;

    private final Path path;
    private final Device device;

    public ClusterNameFile(Path path, Device device) {
        this.path = path.toAbsolutePath().normalize();
        this.device = device;
    }

    public Path path() {
        return path;
    }

    /**
     * The name in the file, or empty when the file does not exist. Content that is no valid name is an error, and so
     * is a path that is no regular file (a FIFO would block the read forever, a device such as {@code /dev/zero}
     * never ends). A symbolic link is followed when it leads to a regular file, as {@code cat} does.
     */
    public Optional<String> readIfPresent() throws BadInputException {
        byte[] bytes;
        try {
            // The type is checked before the file is opened: opening a FIFO blocks until someone writes to it.
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new BadInputException(Message.of(path + " is a directory, not a cluster name file."),
                        Message.of("Remove it, or point ", Setting.CLUSTER_NAME_FILE.option(), " at a file."));
            }
            if (!attributes.isRegularFile()) {
                throw new BadInputException(Message.of(path + " is " + describeType(path) + ", not a regular file:"
                        + " it cannot hold a cluster name."), Message.of("Delete it (rm " + path + ") and provision"
                                + " again: ", provisionCommand(), "\nor name a cluster: ",
                                Setting.CLUSTER.option("<name>")));
            }
            if (attributes.size() > MAX_BYTES) {
                throw invalid("it is " + attributes.size() + " bytes long");
            }
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes(MAX_BYTES + 1); // bounded even if the file grows, or its size lies (/proc)
            }
            if (bytes.length > MAX_BYTES) {
                throw invalid("it is more than " + MAX_BYTES + " bytes long");
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BadInputException("Cannot read " + path + ": " + e.getMessage(),
                    "Check the file's permissions.", e);
        }
        int start = startsWithByteOrderMark(bytes) ? UTF8_BOM.length : 0; // Windows editors write one
        String name = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8).strip();
        if (name.isEmpty()) {
            throw new BadInputException(Message.of(path.getFileName() + " in " + path.getParent() + " is empty."),
                    provisionHint());
        }
        if (!ClusterNames.isValid(name)) {
            throw invalid(name.contains("\n") ? "it holds several lines" : "'" + printable(name)
                    + "' is not a valid SkyPilot cluster name (names start with a letter and hold only ASCII"
                    + " letters, digits, '-', '_' and '.'; other characters are shown escaped, as \\uXXXX)");
        }
        return Optional.of(name);
    }

    /** The name in the file; a missing file is an error that says how to provision a cluster. */
    public String read() throws BadInputException {
        return readIfPresent().orElseThrow(() -> new BadInputException(
                Message.of("No cluster for device '" + device + "': " + path.getFileName() + " does not exist in "
                        + path.getParent() + "."),
                provisionHint()));
    }

    /**
     * Writes the name atomically: readers see the old file or the new one, never half of it.
     */
    public void write(String name) throws IOException {
        if (!ClusterNames.isValid(name)) {
            throw new IllegalArgumentException("Invalid cluster name: " + name);
        }
        AtomicFiles.writeString(path, name + "\n");
    }

    /**
     * Deletes the file when it still names this cluster (another build may have written another name since).
     *
     * @return true when it was deleted
     */
    public boolean deleteIfItNames(String name) throws IOException, BadInputException {
        Optional<String> named = readIfPresent();
        if (named.isPresent() && named.get().equals(name)) {
            delete();
            return true;
        }
        return false;
    }

    public void delete() throws IOException {
        Files.deleteIfExists(path);
    }

    /**
     * Holds an OS-level lock (a sibling {@code .lock} file) so that two Maven processes, or two modules of one
     * reactor, do not launch two clusters for one name file. In-process threads are serialized too: the JVM
     * refuses overlapping locks on one file, so we also synchronize on an interned key.
     */
    public <T> T withLock(LockedAction<T> action) throws RemoteException, IOException {
        Path lockFile = path.resolveSibling(path.getFileName() + ".lock");
        Files.createDirectories(lockFile.getParent());
        requireNoSpecialFile(lockFile);
        synchronized (lockFile.toString().intern()) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return action.run();
            }
        }
    }

    /** Work done while the name file's lock is held. */
    @FunctionalInterface
    public interface LockedAction<T> {
        T run() throws RemoteException, IOException;
    }

    /** Opening a FIFO for writing blocks until someone reads it: the lock must be a regular file (or none yet). */
    private static void requireNoSpecialFile(Path lockFile) throws BadInputException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(lockFile, BasicFileAttributes.class);
        } catch (IOException e) {
            return; // absent (created below), or an error the open below reports
        }
        if (!attributes.isRegularFile()) {
            throw new BadInputException(lockFile + " is " + describeType(lockFile) + ", not a regular file: it cannot"
                    + " serve as the cluster name file's lock.", "Delete it (rm " + lockFile
                            + "); the plugin creates it again.");
        }
    }

    private BadInputException invalid(String why) {
        return new BadInputException(Message.of(path + " does not hold a cluster name: " + why + "."),
                Message.of("Delete the file and provision again: ", provisionCommand(), "\nor name a cluster: ",
                        Setting.CLUSTER.option("<name>")));
    }

    private Message provisionCommand() {
        return ClusterRef.provisionCommand(device);
    }

    private Message provisionHint() {
        return Message.of("Provision one:   ", provisionCommand(), "\nor use another:  ",
                Setting.CLUSTER.option("<name>"), "   (list them with: sky status)");
    }

    /** What a path that is neither a regular file nor a directory is, e.g. "a named pipe (FIFO)". */
    private static String describeType(Path file) {
        String type;
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            type = switch (mode & 0170000) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | RuntimeException e) {
            type = "a special file"; // no "unix" attribute view on this platform
        }
        if (Files.isSymbolicLink(file)) {
            try {
                type += " (a link to " + Files.readSymbolicLink(file) + ")";
            } catch (IOException e) {
                type += " (through a link)";
            }
        }
        return type;
    }

    private static boolean startsWithByteOrderMark(byte[] bytes) {
        return bytes.length >= UTF8_BOM.length && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1]
                && bytes[2] == UTF8_BOM[2];
    }

    /**
     * The text as a message shows it: a valid name is printable ASCII, so everything else is escaped, Java style
     * (<code>&#92;t</code>, <code>&#92;r</code>, <code>&#92;n</code>, <code>&#92;&#92;</code>,
     * <code>&#92;u200b</code>), and nothing invisible or look-alike
     * (a Cyrillic {@code а}) hides in the message; at most 80 characters.
     */
    private static String printable(String text) {
        String shown = text.length() > PRINTABLE_LENGTH ? text.substring(0, PRINTABLE_LENGTH) : text;
        StringBuilder out = new StringBuilder(shown.length() + 16);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return text.length() > PRINTABLE_LENGTH ? out + "..." : out.toString();
    }
}
