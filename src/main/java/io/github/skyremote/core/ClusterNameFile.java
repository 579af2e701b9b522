package io.github.skyremote.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The file that names a device's cluster ({@code .cluster_name_gpu}): the name and a newline, exactly as the skill's
 * scripts write it, so {@code sky exec $(cat .cluster_name_gpu) ...} keeps working by hand.
 */
public final class ClusterNameFile {
    private static final int MAX_BYTES = 4096;

    private final Path path;
    private final Device device;

    public ClusterNameFile(Path path, Device device) {
        this.path = path.toAbsolutePath().normalize();
        this.device = device;
    }

    public Path path() {
        return path;
    }

    /** The name in the file, or empty when the file does not exist. Content that is no valid name is an error. */
    public Optional<String> readIfPresent() throws BadInputException {
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                throw new BadInputException(path + " is a directory, not a cluster name file.",
                        "Remove it, or point -Dremote.clusterNameFile at a file.");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw invalid("it is " + Files.size(path) + " bytes long");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BadInputException("Cannot read " + path + ": " + e.getMessage(),
                    "Check the file's permissions.", e);
        }
        String name = new String(bytes, StandardCharsets.UTF_8).strip();
        if (name.isEmpty()) {
            throw new BadInputException(path.getFileName() + " in " + path.getParent() + " is empty.",
                    provisionHint());
        }
        if (!ClusterNames.isValid(name)) {
            throw invalid(name.contains("\n") ? "it holds several lines" : "'" + printable(name)
                    + "' is not a valid SkyPilot cluster name");
        }
        return Optional.of(name);
    }

    /** The name in the file; a missing file is an error that says how to provision a cluster. */
    public String read() throws BadInputException {
        return readIfPresent().orElseThrow(() -> new BadInputException(
                "No cluster for device '" + device + "': " + path.getFileName() + " does not exist in "
                        + path.getParent() + ".",
                provisionHint()));
    }

    /**
     * Writes the name atomically: readers see the old file or the new one, never half of it.
     */
    public void write(String name) throws IOException {
        if (!ClusterNames.isValid(name)) {
            throw new IllegalArgumentException("Invalid cluster name: " + name);
        }
        Files.createDirectories(path.getParent());
        Path temp = Files.createTempFile(path.getParent(), path.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, name + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
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

    private BadInputException invalid(String why) {
        return new BadInputException(path + " does not hold a cluster name: " + why + ".",
                "Delete the file and provision again: mvn remote:provision -Ddevice=" + device
                        + " -Daccelerator=" + device.exampleAccelerator() + "\nor name a cluster: -Dcluster=<name>");
    }

    private String provisionHint() {
        return "Provision one:   mvn remote:provision -Ddevice=" + device + " -Daccelerator="
                + device.exampleAccelerator() + "\nor use another:  -Dcluster=<name>   (list them with: sky status)";
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
