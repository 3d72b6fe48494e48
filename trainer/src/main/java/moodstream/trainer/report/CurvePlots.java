package moodstream.trainer.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import moodstream.trainer.io.AtomicFiles;
import moodstream.trainer.train.EpochMetrics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The tutorial's two figures: loss and accuracy per epoch, train against validation. */
public final class CurvePlots {
    private CurvePlots() {
    }

    public static void writeLoss(List<EpochMetrics> history, Path png) throws IOException {
        write(history, png, "Loss", "loss", EpochMetrics::trainLoss, EpochMetrics::validationLoss);
    }

    public static void writeAccuracy(List<EpochMetrics> history, Path png) throws IOException {
        write(history, png, "Accuracy", "accuracy", EpochMetrics::trainAccuracy, EpochMetrics::validationAccuracy);
    }

    private static void write(List<EpochMetrics> history, Path png, String title, String yName,
                              ToDoubleFunction<EpochMetrics> train, ToDoubleFunction<EpochMetrics> validation) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").yAxisTitle(yName).build();
        double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
        chart.addSeries("train", epochs, history.stream().mapToDouble(train).toArray()).setMarker(SeriesMarkers.CIRCLE);
        double[] validated = history.stream().mapToDouble(validation).toArray();
        // A refit has no validation images: its curve would be all NaN, which XChart cannot scale.
        if (java.util.Arrays.stream(validated).anyMatch(v -> !Double.isNaN(v))) {
            chart.addSeries("validation", epochs, validated).setMarker(SeriesMarkers.DIAMOND);
        }
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        AtomicFiles.write(png, tmp -> BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG));
    }
}
