package dev.weft.gateway.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/** Latencies of one benchmark phase, kept in an HdrHistogram (microsecond resolution). */
final class LatencyRecorder {
    private final Recorder recorder = new Recorder(3);
    private Histogram total;

    void record(long nanos) {
        recorder.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    synchronized Histogram histogram() {
        Histogram interval = recorder.getIntervalHistogram();
        if (total == null) {
            total = interval.copy();
        } else {
            total.add(interval);
        }
        return total;
    }

    double percentileMillis(double p) {
        Histogram h = histogram();
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
    }

    long count() {
        return histogram().getTotalCount();
    }
}
