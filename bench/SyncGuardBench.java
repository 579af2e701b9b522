import io.github.skyremote.core.sync.SyncSizeGuard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Times the sync-size guard on a directory: the first call in this fresh JVM (class loading, cold JIT, as in a build)
 * and the median of five later calls. Run by bench/bench.py as
 * {@code java -cp target/classes bench/SyncGuardBench.java <dir>}; prints one line of JSON.
 */
public class SyncGuardBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long t0 = System.nanoTime();
        SyncSizeGuard.Estimate first = SyncSizeGuard.estimate(dir);
        double firstMs = (System.nanoTime() - t0) / 1e6;
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            SyncSizeGuard.estimate(dir);
            warm.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(warm);
        System.out.println(String.format(Locale.ROOT,
                "{\"first_ms\": %.1f, \"warm_median_ms\": %.1f, \"warm_runs\": %d, \"counted_files\": %d,"
                        + " \"total_bytes\": %d}",
                firstMs, warm.get(warm.size() / 2), warm.size(), first.files(), first.bytes()));
    }
}
