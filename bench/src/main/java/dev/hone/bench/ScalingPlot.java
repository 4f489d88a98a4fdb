package dev.hone.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws {@code bench/results/scaling.csv} (written by {@code bench/run-training-bench --scaling}) as a PNG
 * with two panels: tokens/s against sequence length (log₂ axis) and against parameter count (log₁₀ axis),
 * one line per variant; points that ran out of memory are marked "oom" on the axis. Headless
 * {@code java.awt} and {@code ImageIO}, no dependency. Not a plotting library: fixed layout, no options.
 * Usage: {@code ScalingPlot scaling.csv scaling.png}.
 */
public final class ScalingPlot {
    private static final int W = 560;
    private static final int H = 420;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd)};

    private ScalingPlot() {
    }

    /**
     * One CSV row.
     *
     * @param sweep        {@code seq} or {@code size}
     * @param tokensPerSec NaN when the point did not finish
     */
    record Point(String sweep, String model, double params, int seq, String variant, double tokensPerSec,
                 String status) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ScalingPlot scaling.csv scaling.png");
            System.exit(2);
        }
        List<Point> points = read(Path.of(args[0]));
        ImageIO.write(render(points), "png", Path.of(args[1]).toFile());
    }

    /** Parses the CSV (header line first); a missing figure becomes NaN. */
    static List<Point> read(Path csv) throws IOException {
        List<Point> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length < 10) {
                throw new IOException(csv + ": expected 10 columns (sweep,model,params,batch,seq,method,variant,"
                        + "tokens_per_s,peak_rss_mb,status); found '" + line + "'");
            }
            out.add(new Point(f[0], f[1], number(f[2]), Integer.parseInt(f[4]), f[6], number(f[7]), f[9]));
        }
        return out;
    }

    private static double number(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    /** Both panels side by side. */
    static BufferedImage render(List<Point> points) {
        BufferedImage img = new BufferedImage(2 * W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 2 * W, H);
        String seqModel = points.stream().filter(p -> p.sweep().equals("seq")).map(Point::model).findFirst()
                .orElse("");
        panel(g, 0, "tokens/s vs sequence length (" + seqModel + ", batch 1)", "tokens per sequence (log2)",
                points.stream().filter(p -> p.sweep().equals("seq")).toList(), true);
        panel(g, W, "tokens/s vs model size (Llama family)", "parameters (log10)",
                points.stream().filter(p -> p.sweep().equals("size")).toList(), false);
        g.dispose();
        return img;
    }

    private static void panel(Graphics2D g, int x0, String title, String xLabel, List<Point> pts, boolean bySeq) {
        int left = x0 + 70;
        int right = x0 + W - 20;
        int top = 40;
        int bottom = H - 60;
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, x0 + 20, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(left, top, right - left, bottom - top);
        g.drawString(xLabel, (left + right) / 2 - 60, H - 20);
        g.drawString("tokens/s", x0 + 8, top - 6);
        if (pts.isEmpty()) {
            return;
        }
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        double yMax = 0;
        for (Point p : pts) {
            double x = xOf(p, bySeq);
            if (Double.isFinite(x)) {
                xMin = Math.min(xMin, x);
                xMax = Math.max(xMax, x);
            }
            if (Double.isFinite(p.tokensPerSec())) {
                yMax = Math.max(yMax, p.tokensPerSec());
            }
        }
        yMax = yMax <= 0 ? 1 : yMax * 1.1;
        double span = xMax > xMin ? xMax - xMin : 1;
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - top) * i / 4;
            g.setColor(new Color(0xdddddd));
            g.drawLine(left + 1, y, right - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.0f", yMax * i / 4), x0 + 15, y + 4);
        }
        Map<String, List<Point>> byVariant = new LinkedHashMap<>();
        for (Point p : pts) {
            byVariant.computeIfAbsent(p.variant(), k -> new ArrayList<>()).add(p);
        }
        Map<Double, String> ticks = new LinkedHashMap<>();
        int series = 0;
        for (Map.Entry<String, List<Point>> e : byVariant.entrySet()) {
            g.setColor(COLORS[series % COLORS.length]);
            g.setStroke(new BasicStroke(2f));
            int px = -1;
            int py = -1;
            for (Point p : e.getValue()) {
                double xv = xOf(p, bySeq);
                if (!Double.isFinite(xv)) {
                    continue;
                }
                int x = left + 10 + (int) ((right - left - 20) * (xv - xMin) / span);
                ticks.put(xv, bySeq ? Integer.toString(p.seq())
                        : size(p.params()));
                if (!Double.isFinite(p.tokensPerSec())) {
                    g.drawString("oom", x - 9, bottom - 4);
                    px = -1;
                    continue;
                }
                int y = bottom - (int) ((bottom - top) * p.tokensPerSec() / yMax);
                g.fillOval(x - 3, y - 3, 7, 7);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.drawString(e.getKey(), right - 110, top + 16 + 14 * series);
            series++;
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        for (Map.Entry<Double, String> t : ticks.entrySet()) {
            int x = left + 10 + (int) ((right - left - 20) * (t.getKey() - xMin) / span);
            g.drawLine(x, bottom, x, bottom + 4);
            g.drawString(t.getValue(), x - 3 * t.getValue().length(), bottom + 16);
        }
    }

    private static String size(double params) {
        return params < 1e6 ? String.format(Locale.ROOT, "%.0fK", params / 1e3)
                : params < 1e9 ? String.format(Locale.ROOT, "%.0fM", params / 1e6)
                : String.format(Locale.ROOT, "%.1fB", params / 1e9);
    }

    private static double xOf(Point p, boolean bySeq) {
        return bySeq ? Math.log(p.seq()) / Math.log(2) : Math.log10(p.params());
    }
}
