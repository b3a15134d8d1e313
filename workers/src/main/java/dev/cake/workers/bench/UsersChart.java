package dev.cake.workers.bench;

import static dev.cake.workers.bench.Py.comma;
import static dev.cake.workers.bench.Py.esc;
import static dev.cake.workers.bench.Py.f;
import static dev.cake.workers.bench.Py.g;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * bench-users.svg: three panels over the run (connections held; requests/s and non-2xx/s; read p99 and p50), the
 * hold shaded grey, the steps as dashed lines. Plain SVG text, from the report tree that users.json holds.
 */
final class UsersChart {
  private UsersChart() {}

  /** One line of a panel: points (t, v), v null where there is no value. */
  record Line(String name, List<Double[]> points, String color, String dash) {}

  record Panel(String label, List<Line> lines) {}

  /** The round number at or above {@code v}: 1, 2, 2.5 or 5 times a power of ten. */
  static double niceMax(double v) {
    if (v <= 0) {
      return 1;
    }
    double e = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (v <= m * e) {
        return m * e;
      }
    }
    return 10 * e;
  }

  private static List<Double[]> zip(JsonNode t, JsonNode v) {
    var points = new ArrayList<Double[]>();
    for (int i = 0; i < Math.min(t.size(), v.size()); i++) {
      points.add(new Double[] {t.get(i).asDouble(), v.get(i).isNull() ? null : v.get(i).asDouble()});
    }
    return points;
  }

  static String svg(JsonNode rep) {
    JsonNode s = rep.get("settings");
    JsonNode series = rep.get("series");
    int width = 960;
    int left = 80;
    int right = 20;
    int top = 90;
    int panelH = 170;
    int gap = 45;
    var connections = new ArrayList<Double[]>();
    series.get("connections").forEach(p -> connections.add(new Double[] {p.get(0).asDouble(), p.get(1).asDouble()}));
    JsonNode t = series.get("t");
    List<Panel> panels = List.of(
        new Panel("connections held", List.of(new Line("connections", connections, "#1f77b4", ""))),
        new Panel("requests/s (nginx)", List.of(
            new Line("all answers", zip(t, series.get("requests_per_second")), "#2ca02c", ""),
            new Line("non-2xx", zip(t, series.get("non_2xx_per_second")), "#d62728", ""))),
        new Panel("read latency ms (nginx)", List.of(
            new Line("p99", zip(t, series.get("reads_p99_ms")), "#d62728", ""),
            new Line("p50", zip(t, series.get("reads_p50_ms")), "#9467bd", "4 3"))));
    int height = top + panels.size() * (panelH + gap) + 20;
    double tmax = 1;
    for (Panel panel : panels) {
      for (Line line : panel.lines()) {
        for (Double[] p : line.points()) {
          tmax = Math.max(tmax, p[0]);
        }
      }
    }
    JsonNode bounds = rep.get("phase_bounds");
    if (!bounds.isEmpty()) {
      tmax = Math.max(tmax, bounds.get(bounds.size() - 1).get(1).asDouble());
    }
    double tick = niceMax(tmax / 8);
    tmax = Math.ceil(tmax / tick) * tick;
    int pw = width - left - right;
    var o = new ArrayList<String>();
    o.add("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 "
        + width + " " + height + "\" font-family=\"sans-serif\" font-size=\"12\">");
    o.add("<rect width=\"" + width + "\" height=\"" + height + "\" fill=\"white\"/>");
    String title = "bin/bench users: " + comma(s.get("users").asLong()) + " concurrent users through nginx";
    String sub = s.get("load_processes").asText() + " steps of " + g(s.get("step_ms").asDouble() / 1000) + " s ("
        + s.get("ramp").asText() + "), hold " + g(s.get("hold_ms").asDouble() / 1000) + " s, think "
        + g(s.get("think_mean_ms").asDouble() / 1000) + " s (" + s.get("think_distribution").asText() + "); "
        + s.get("apis").asText() + " APIs + worker behind nginx (" + s.get("nginx").get("workers").asText()
        + " workers); " + s.path("machine").asText("");
    o.add("<text x=\"" + left + "\" y=\"24\" font-size=\"16\" font-weight=\"bold\">" + esc(title) + "</text>");
    o.add("<text x=\"" + left + "\" y=\"44\" fill=\"#333\">" + esc(sub.replaceAll("[; ]+$", "")) + "</text>");
    boolean pass = rep.get("pass").asBoolean();
    String verdict = pass ? "PASS" : "FAIL: " + UsersMarkdown.join(rep.get("fail_reasons"), "; ");
    o.add("<text x=\"" + left + "\" y=\"62\" fill=\"" + (pass ? "#2ca02c" : "#d62728") + "\">"
        + esc(verdict.codePoints().limit(140).collect(StringBuilder::new, StringBuilder::appendCodePoint,
            StringBuilder::append).toString()) + "</text>");
    for (int k = 0; k < panels.size(); k++) {
      Panel panel = panels.get(k);
      int y0 = top + k * (panelH + gap) + 10;
      double vmaxValue = Double.NEGATIVE_INFINITY;
      for (Line line : panel.lines()) {
        for (Double[] p : line.points()) {
          if (p[1] != null) {
            vmaxValue = Math.max(vmaxValue, p[1]);
          }
        }
      }
      double vmax = niceMax(vmaxValue == Double.NEGATIVE_INFINITY ? 1 : vmaxValue);
      final double tm = tmax;
      java.util.function.DoubleUnaryOperator x = tt -> left + pw * tt / tm;
      java.util.function.DoubleUnaryOperator y = v -> y0 + panelH - panelH * v / vmax;
      for (JsonNode b : bounds) {
        if (b.get(2).asText().equals("hold")) {
          double x0 = x.applyAsDouble(b.get(0).asDouble());
          double x1 = x.applyAsDouble(b.get(1).asDouble());
          o.add("<rect x=\"" + f(x0, 1) + "\" y=\"" + y0 + "\" width=\"" + f(Math.max(0, x1 - x0), 1) + "\" height=\""
              + panelH + "\" fill=\"#f3f3f3\"/>");
        }
      }
      o.add("<rect x=\"" + left + "\" y=\"" + y0 + "\" width=\"" + pw + "\" height=\"" + panelH
          + "\" fill=\"none\" stroke=\"#999\"/>");
      for (int i = 0; i < 5; i++) {
        double v = vmax * i / 4;
        double yy = y.applyAsDouble(v);
        o.add("<line x1=\"" + left + "\" x2=\"" + (left + pw) + "\" y1=\"" + f(yy, 1) + "\" y2=\"" + f(yy, 1)
            + "\" stroke=\"#e5e5e5\"/>");
        String txt = vmax >= 10 ? Py.comma0(v) : g(v);
        o.add("<text x=\"" + (left - 6) + "\" y=\"" + f(yy + 4, 1) + "\" text-anchor=\"end\" fill=\"#555\">" + txt
            + "</text>");
      }
      for (JsonNode b : bounds) {
        String bx = f(x.applyAsDouble(b.get(0).asDouble()), 1);
        o.add("<line x1=\"" + bx + "\" x2=\"" + bx + "\" y1=\"" + y0 + "\" y2=\"" + (y0 + panelH)
            + "\" stroke=\"#bbb\" stroke-dasharray=\"2 3\"/>");
      }
      o.add("<text x=\"" + (left + 4) + "\" y=\"" + (y0 - 6) + "\" font-weight=\"bold\">" + esc(panel.label())
          + "</text>");
      double lx = left + pw;
      for (Line line : panel.lines().reversed()) {
        String dash = line.dash().isEmpty() ? "" : " stroke-dasharray=\"" + line.dash() + "\"";
        var pts = new ArrayList<String>();
        for (Double[] p : line.points()) {
          if (p[1] != null) {
            pts.add(f(x.applyAsDouble(p[0]), 1) + "," + f(y.applyAsDouble(p[1]), 1));
          }
        }
        if (!pts.isEmpty()) {
          o.add("<polyline points=\"" + String.join(" ", pts) + "\" fill=\"none\" stroke=\"" + line.color()
              + "\" stroke-width=\"1.8\"" + dash + "/>");
        }
        lx -= 8 + 7 * line.name().length() + 18;
        o.add("<line x1=\"" + f(lx, 0) + "\" x2=\"" + f(lx + 14, 0) + "\" y1=\"" + (y0 - 10) + "\" y2=\"" + (y0 - 10)
            + "\" stroke=\"" + line.color() + "\" stroke-width=\"2\"" + dash + "/>");
        o.add("<text x=\"" + f(lx + 18, 0) + "\" y=\"" + (y0 - 6) + "\" fill=\"#333\">" + esc(line.name()) + "</text>");
      }
      for (double tt = 0; tt <= tmax + 1e-9; tt += tick) {
        o.add("<text x=\"" + f(x.applyAsDouble(tt), 1) + "\" y=\"" + (y0 + panelH + 14)
            + "\" text-anchor=\"middle\" fill=\"#555\">" + g(tt) + "</text>");
      }
    }
    // phase names under the last panel's axis labels
    int yLast = top + (panels.size() - 1) * (panelH + gap) + 10 + panelH;
    o.add("<text x=\"" + (left + pw) + "\" y=\"" + (yLast + 30) + "\" text-anchor=\"end\" fill=\"#555\">seconds since"
        + " the first step; dashed lines: steps up and down; grey: hold</text>");
    o.add("</svg>");
    return String.join("\n", o) + "\n";
  }
}
