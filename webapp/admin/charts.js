// Switchboard admin dashboard: a small line chart on a <canvas> (no library). window.LineChart(canvas, series)
// where series is [{key, colour}]; chart.draw(points, now) with points [{t: ms, <key>: number}], drawing the last
// WINDOW ms. The canvas carries data-points and data-latest-<key> (the newest values) for tests and tooling.
(() => {
  'use strict';

  const WINDOW = 5 * 60 * 1000;   // ms shown
  const PAD = { left: 44, right: 10, top: 10, bottom: 20 };

  /** A round upper bound for the y axis (1, 2, 5 × 10^n), at least 1. */
  function niceMax(value) {
    if (!(value > 1)) return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 2, 5, 10]) {
      if (value <= step * power) return step * power;
    }
    return 10 * power;
  }

  function label(value) {
    if (value >= 1000) return (value / 1000).toFixed(value >= 10000 ? 0 : 1) + 'k';
    return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
  }

  class LineChart {
    constructor(canvas, series) {
      this.canvas = canvas;
      this.series = series;
      this.points = [];
      this.now = Date.now();
      new ResizeObserver(() => this.render()).observe(canvas);
    }

    draw(points, now) {
      this.points = points;
      this.now = now;
      const latest = points[points.length - 1];
      this.canvas.dataset.points = String(points.length);
      for (const s of this.series) {
        this.canvas.dataset['latest' + s.key[0].toUpperCase() + s.key.slice(1)] = latest ? String(latest[s.key]) : '';
      }
      this.render();
    }

    render() {
      const canvas = this.canvas;
      const ratio = window.devicePixelRatio || 1;
      const width = canvas.clientWidth;
      const height = canvas.clientHeight;
      if (width === 0 || height === 0) return;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      const g = canvas.getContext('2d');
      g.setTransform(ratio, 0, 0, ratio, 0, 0);
      g.clearRect(0, 0, width, height);

      const style = getComputedStyle(document.documentElement);
      const muted = style.getPropertyValue('--muted').trim() || '#667085';
      const line = style.getPropertyValue('--line').trim() || '#e2e5ea';
      const start = this.now - WINDOW;
      const visible = this.points.filter((p) => p.t >= start);
      const top = niceMax(Math.max(0, ...visible.flatMap((p) => this.series.map((s) => p[s.key] || 0))));
      const plotW = width - PAD.left - PAD.right;
      const plotH = height - PAD.top - PAD.bottom;
      const x = (t) => PAD.left + ((t - start) / WINDOW) * plotW;
      const y = (v) => PAD.top + plotH - (v / top) * plotH;

      g.font = '11px system-ui, sans-serif';
      g.lineWidth = 1;
      g.fillStyle = muted;
      g.strokeStyle = line;
      g.textBaseline = 'middle';
      g.textAlign = 'right';
      for (let i = 0; i <= 4; i++) {
        const v = (top * i) / 4;
        const yy = Math.round(y(v)) + 0.5;
        g.beginPath();
        g.moveTo(PAD.left, yy);
        g.lineTo(width - PAD.right, yy);
        g.stroke();
        g.fillText(label(v), PAD.left - 6, yy);
      }
      g.textAlign = 'center';
      g.textBaseline = 'top';
      for (let m = 5; m >= 0; m--) {
        g.fillText(m === 0 ? 'now' : '−' + m + ' min', x(this.now - m * 60_000), height - PAD.bottom + 5);
      }

      g.lineWidth = 2;
      g.lineJoin = 'round';
      for (const s of this.series) {
        g.strokeStyle = s.colour;
        g.beginPath();
        visible.forEach((p, i) => {
          const px = x(p.t);
          const py = y(p[s.key] || 0);
          if (i === 0) g.moveTo(px, py); else g.lineTo(px, py);
        });
        g.stroke();
      }
    }
  }

  window.LineChart = LineChart;
  window.LineChart.WINDOW = WINDOW;
})();
