import { axisNumber } from '@cellsweep/analysis/axis-number';

/**
 * The browser side of the HTML report, as a string embedded in the file. It reads the JSON data block and draws
 * ECharts charts (SVG renderer, so the report prints and zooms crisply). Text from the data is only ever set with
 * textContent, and ECharts tooltips (which are HTML) are built only by tip(), which escapes every piece: sweep,
 * cell, task and hyperparameter names are user input, and a cell named `<img src=x onerror=…>` once ran its script
 * when its tooltip showed (issue 14, defect 4).
 */
export const REPORT_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var palette = { rnn: '#d62728', lstm: '#1f77b4', gru: '#2ca02c', transformer: '#9467bd' };
  var extra = ['#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var colorOf = function (cell) {
    if (palette[cell]) return palette[cell];
    palette[cell] = extra[Object.keys(palette).length % extra.length];
    return palette[cell];
  };
  var finished = data.trials.filter(function (t) { return t.status === 'COMPLETED'; });
  // Cells of the embedded trials first (their order colours the charts), then any only the analysis saw (a sample).
  var cells = Array.from(new Set(data.trials.map(function (t) { return t.cell; })
    .concat(data.analysis.groups.map(function (g) { return g.cell; }))));
  // "every 3rd", "every 50th", "every 112th".
  function nth(k) {
    var tens = k % 100, ones = k % 10;
    return k + (tens >= 11 && tens <= 13 ? 'th' : ones === 1 ? 'st' : ones === 2 ? 'nd' : ones === 3 ? 'rd' : 'th');
  }
  var charts = [];
  function escapeHtml(value) { return String(value).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  // The only way HTML reaches a tooltip: each argument is one escaped line.
  function tip() { return Array.prototype.map.call(arguments, escapeHtml).join('<br>'); }
  function num(v) { return typeof v === 'number' ? Number(v.toPrecision(4)) : v; }
  function defaultTip(p) { return tip(p.seriesName, [].concat(p.value).map(num).join(', ')); }
  function chart(id, option) {
    var el = document.getElementById(id);
    // ECharts' own tooltip text is not ours to trust with user names: every chart gets an escaping formatter.
    if (option.tooltip && typeof option.tooltip.formatter !== 'function') option.tooltip.formatter = defaultTip;
    var instance = echarts.init(el, null, { renderer: 'svg' });
    instance.setOption(Object.assign({ animation: false, grid: { left: 70, right: 30, top: 40, bottom: 50 } }, option));
    charts.push(instance);
    el.setAttribute('data-rendered', 'true');
  }
  function text(id, value) { document.getElementById(id).textContent = value; }
  function positive(v) { return v !== null && v > 0; }
  // Log axes span decades: 1e-10, not 0.0000000001 (analysis's axisNumber, the dashboard's too, embedded as source).
  ${axisNumber.toString()}
  // onZero: false keeps the y axis at the left edge when x is a strip axis (-0.5 … n-0.5), not through the first strip.
  var logY = function (name) { return { type: 'log', name: name, nameLocation: 'middle', nameGap: 55, axisLabel: { formatter: axisNumber }, axisLine: { onZero: false } }; };
  var logX = { type: 'log', name: 'parameters', nameLocation: 'middle', nameGap: 30 };

  text('title', 'cellsweep report: ' + data.sweep.name);
  text('subtitle', (data.sweep.description ? data.sweep.description + ' | ' : '') + data.sweep.status.toLowerCase() + ', ' +
    data.counts.completed + ' of ' + data.counts.trials + ' trials completed, generated ' + data.generatedAt.replace('T', ' ').slice(0, 19) + ' UTC');

  var verdicts = document.getElementById('verdicts');
  // One heading per setting (only what tells the settings apart); what they all share is said once above.
  if (data.verdicts.context) text('verdict-context', 'All comparisons: ' + data.verdicts.context);
  data.verdicts.sections.forEach(function (section) {
    var list = verdicts;
    if (section.heading !== null) {
      var head = document.createElement('li');
      var strong = document.createElement('strong');
      strong.textContent = section.heading;
      head.appendChild(strong);
      list = document.createElement('ul');
      head.appendChild(list);
      verdicts.appendChild(head);
    }
    section.lines.forEach(function (line) { var li = document.createElement('li'); li.textContent = line; list.appendChild(li); });
  });

  // The setting column names only what tells the settings apart (as the verdict headings); the rest is said once.
  var settingName = function (label) { var name = data.settings.names[label]; return name === undefined ? label : name || '—'; };
  if (data.settings.context) text('groups-context', 'All rows: ' + data.settings.context);
  function settingCell(row, label) { var cell = row.insertCell(); cell.textContent = settingName(label); cell.title = label; }
  var table = document.getElementById('groups');
  var fmt = function (s) { return s ? s.mean.toPrecision(4) + (s.ci ? ' [' + s.ci[0].toPrecision(3) + ', ' + s.ci[1].toPrecision(3) + ']' : '') : '-'; };
  // An interval the analysis doubts (too few seeds, or skewed) is starred; its cell's tooltip says why.
  var starred = 0;
  data.analysis.groups.forEach(function (g) {
    var row = table.insertRow();
    settingCell(row, g.setting.label);
    [g.arm, String(g.seeds.length), g.paramCount === null ? '-' : g.paramCount.toLocaleString('en-US')]
      .forEach(function (value) { row.insertCell().textContent = value; });
    [g.metrics.testLoss, g.metrics.valLoss, g.metrics.testGap, g.metrics.testMetric].forEach(function (s) {
      var cell = row.insertCell();
      var caution = s && s.ciCaution ? s.ciCaution : null;
      cell.textContent = fmt(s) + (caution ? ' *' : '');
      if (caution) { cell.title = caution; cell.className = 'ci-caution'; starred++; }
    });
  });
  if (starred > 0) text('groups-caution', '* this interval may cover less than its level (too few seeds, or skewed values): hover it for why.');

  // Every trial at one size (a single budget: counts differ only by the width solver's rounding): one strip per cell,
  // points spread by seed, instead of one column of every cell at one x (the dashboard's charts/scales.ts rule).
  var counts = finished.map(function (t) { return t.paramCount; });
  var oneSize = counts.length > 0 && Math.max.apply(null, counts) / Math.min.apply(null, counts) < 1.25;
  function xOf(cell, paramCount, seed) {
    if (!oneSize) return paramCount;
    return cells.indexOf(cell) + (seed === null ? 0.3 : ((((seed * 37) % 11) + 11) % 11) / 10 * 0.36 - 0.18);
  }
  var stripX = { type: 'value', name: 'cell (all at one size)', nameLocation: 'middle', nameGap: 30, min: -0.5, max: cells.length - 0.5,
    splitLine: { show: false }, axisTick: { customValues: cells.map(function (c, i) { return i; }) },
    axisLabel: { customValues: cells.map(function (c, i) { return i; }), formatter: function (v) { return cells[Math.round(v)] || ''; } } };
  if (oneSize) {
    text('scatter-layout', 'Every trial has about ' + Math.round(counts.reduce(function (a, b) { return a + b; }, 0) / counts.length).toLocaleString('en-US') +
      ' parameters, so each cell is a strip of its own (points spread by seed; bars beside them).');
    document.body.setAttribute('data-scatter-layout', 'strip');
  }
  // Above REPORT_MAX_POINTS trials the dots are an evenly spread sample; bars and frontiers still use every trial.
  if (data.points.shown < data.points.of) {
    text('points-note', 'Dots: ' + data.points.shown.toLocaleString('en-US') + ' of ' + data.points.of.toLocaleString('en-US') +
      ' trials, every ' + nth(data.points.every) + ' by submission order (more dots than a chart can show); the interval bars and the frontier use every trial.');
    document.body.setAttribute('data-points-sampled', 'true');
  }
  function lossVsParams(id, key, metric) {
    var series = cells.map(function (cell) {
      return { name: cell, type: 'scatter', symbolSize: 9, itemStyle: { color: colorOf(cell) },
        data: finished.filter(function (t) { return t.cell === cell && positive(t[key]); }).map(function (t) { return [xOf(cell, t.paramCount, t.seed), t[key], t.seed, t.paramCount]; }) };
    });
    data.analysis.groups.forEach(function (g) {
      var s = g.metrics[metric];
      if (!s || !s.ci || g.paramCount === null || !(s.ci[0] > 0)) return;
      var x = xOf(g.cell, g.paramCount, null);
      series.push({ name: g.cell, type: 'line', symbol: 'none', lineStyle: { width: 2, color: colorOf(g.cell) }, tooltip: { show: false },
        data: [[x, s.ci[0]], [x, s.ci[1]]] });
    });
    // One frontier per task: a sweep over several tasks never pools them (issue 19). At one size it is one point.
    var frontiers = oneSize ? [] : data.analysis.frontiers.filter(function (f) { return f.metric === metric; });
    frontiers.forEach(function (frontier) {
      series.push({ name: frontiers.length === 1 ? 'Pareto frontier' : 'Pareto frontier: ' + frontier.task,
        type: 'line', step: 'end', symbol: 'diamond', symbolSize: 10,
        lineStyle: { type: 'dashed', color: '#333' }, itemStyle: { color: '#333' },
        data: frontier.groupMeans.filter(function (p) { return p.loss > 0; })
          .map(function (p) { return [p.paramCount, p.loss]; }) });
    });
    chart(id, { legend: { top: 5 }, tooltip: { trigger: 'item', formatter: function (p) { return tip(p.seriesName, (p.value[3] !== undefined ? p.value[3] : p.value[0]) + ' params, ' + Number(p.value[1]).toPrecision(4) + (p.value[2] !== undefined ? ' (seed ' + p.value[2] + ')' : '')); } },
      xAxis: oneSize ? stripX : logX, yAxis: logY(key === 'testLoss' ? 'test loss' : 'validation loss'), series: series });
  }
  lossVsParams('chart-test', 'testLoss', 'testLoss');
  lossVsParams('chart-val', 'valLoss', 'valLoss');

  chart('chart-gap', { legend: { top: 5 }, tooltip: { trigger: 'item' }, xAxis: oneSize ? stripX : logX,
    yAxis: { type: 'value', name: 'test - train loss', nameLocation: 'middle', nameGap: 55, axisLine: { onZero: false } },
    series: cells.map(function (cell) { return { name: cell, type: 'scatter', itemStyle: { color: colorOf(cell) },
      data: finished.filter(function (t) { return t.cell === cell && t.gap !== null; }).map(function (t) { return [xOf(cell, t.paramCount, t.seed), t.gap]; }) }; }) });

  function curves(id, index, label) {
    chart(id, { tooltip: { trigger: 'item' }, legend: { top: 5, data: cells },
      xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 30, minInterval: 1 }, yAxis: logY(label),
      series: data.trials.filter(function (t) { return t.curve.length > 0; }).map(function (t) {
        return { name: t.cell, type: 'line', showSymbol: false, lineStyle: { width: 1.2, opacity: 0.8, color: colorOf(t.cell) }, itemStyle: { color: colorOf(t.cell) },
          data: t.curve.filter(function (c) { return c[index] > 0; }).map(function (c) { return [c[0], c[index]]; }) };
      }) });
  }
  if (data.curves.shown < data.curves.of) {
    text('curves-note', 'Curves (and gradient-norm profiles) of ' + data.curves.shown + ' of ' + data.curves.of +
      ' trials, every ' + nth(data.curves.every) + ' by submission order: more lines than a chart can show.');
  }
  curves('chart-train-curves', 1, 'training loss');
  curves('chart-val-curves', 2, 'validation loss');

  var withGradients = finished.filter(function (t) { return t.gradientNorms && t.gradientNorms.length > 0; });
  var slopes = data.analysis.gradientSlopes || [];
  if (withGradients.length === 0 && slopes.length === 0) {
    text('gradient-note', 'No gradient measurements were stored for this sweep.');
    document.getElementById('gradient-charts').style.display = 'none';
    document.getElementById('gradient-slopes').style.display = 'none';
  } else if (withGradients.length === 0) {
    text('gradient-note', 'No gradient-norm curves were stored for this sweep (only per-trial slopes).');
    document.getElementById('chart-gradients').style.display = 'none';
  } else {
    text('gradient-note', 'Norm of the gradient of the last step\'s loss with respect to each input step, after the last epoch (steps back from the end; 1 = last step). Reach per trial: steps back while the norm stays above 1e-3 of its peak.');
    chart('chart-gradients', { tooltip: { trigger: 'item' }, legend: { top: 5, data: cells },
      xAxis: { type: 'value', name: 'steps back from the end', nameLocation: 'middle', nameGap: 30, inverse: true, min: 1 },
      yAxis: logY('gradient norm'),
      series: withGradients.map(function (t) {
        var n = t.gradientNorms.length;
        return { name: t.cell, type: 'line', showSymbol: false, lineStyle: { width: 1.2, color: colorOf(t.cell) }, itemStyle: { color: colorOf(t.cell) },
          data: t.gradientNorms.map(function (v, i) { return [n - i, v]; }).filter(function (p) { return p[1] > 0; }) };
      }) });
  }
  if (slopes.length === 0) {
    document.getElementById('chart-gradient-slopes').style.display = 'none';
    document.getElementById('gradient-slopes').style.display = 'none';
    if (withGradients.length > 0) text('gradient-slope-note', 'No gradient slopes were recorded for these trials.');
  } else {
    // Slope = least-squares slope of ln(norm) per step back; the regime is read off the whole 95% CI (analysis).
    text('gradient-slope-note', 'Gradient slope: ln of the norm per step back from the last input (least squares over the steps), mean over seeds with its 95% CI, before and after training. ' +
      'Below 0 the gradient vanishes, above 0 it explodes; e^slope is the factor per step. Vanishing / stable / exploding when the whole CI is below -0.01 / within ±0.01 / above +0.01 per step, else unclear.');
    var slopeText = function (v) { return (v > 0 ? '+' : '') + v.toFixed(3); };
    var withSlopeCi = function (s) { return s ? slopeText(s.slope.mean) + (s.slope.ci ? ' [' + slopeText(s.slope.ci[0]) + ', ' + slopeText(s.slope.ci[1]) + ']' : '') : '-'; };
    var slopeTable = document.getElementById('gradient-slopes');
    slopes.forEach(function (g) {
      var row = slopeTable.insertRow();
      row.setAttribute('data-arm', g.arm);
      var n = Math.max(g.initial ? g.initial.slope.n : 0, g.final ? g.final.slope.n : 0);
      settingCell(row, g.setting.label);
      [g.arm, n + '/' + g.trials, withSlopeCi(g.initial), g.initial ? g.initial.regime : '-', withSlopeCi(g.final), g.final ? g.final.regime : '-',
        g.final ? '×' + Math.exp(g.final.slope.mean).toPrecision(3) : '-']
        .forEach(function (value) { row.insertCell().textContent = value; });
    });
    var labels = slopes.map(function (g) { var name = settingName(g.setting.label); return name === '—' ? g.arm : g.arm + ' · ' + name; });
    var slopeSeries = [];
    [['initial', -0.15, '#999'], ['final', 0.15, '#222']].forEach(function (phase) {
      var name = phase[0], offset = phase[1], color = phase[2];
      slopeSeries.push({ name: name, type: 'scatter', symbolSize: 10, itemStyle: { color: color },
        data: slopes.map(function (g, i) { return g[name] ? [i + offset, g[name].slope.mean, g[name].regime] : null; }).filter(Boolean),
        markArea: name === 'final' ? { silent: true, itemStyle: { color: 'rgba(120, 180, 120, 0.15)' }, data: [[{ yAxis: -0.01 }, { yAxis: 0.01 }]] } : undefined });
      slopes.forEach(function (g, i) {
        var s = g[name];
        if (!s || !s.slope.ci) return;
        slopeSeries.push({ name: name, type: 'line', symbol: 'none', lineStyle: { width: 2, color: color }, tooltip: { show: false },
          data: [[i + offset, s.slope.ci[0]], [i + offset, s.slope.ci[1]]] });
      });
    });
    chart('chart-gradient-slopes', { legend: { top: 5, data: ['initial', 'final'] },
      tooltip: { trigger: 'item', formatter: function (p) { var i = Math.round(p.value[0]); return tip(labels[i], p.seriesName + ': ' + slopeText(p.value[1]) + ' per step (' + p.value[2] + ')'); } },
      xAxis: { type: 'value', min: -0.5, max: slopes.length - 0.5, splitLine: { show: false }, axisLine: { onZero: false },
        axisTick: { customValues: slopes.map(function (g, i) { return i; }) },
        axisLabel: { rotate: 15, customValues: slopes.map(function (g, i) { return i; }), formatter: function (v) { var g = slopes[Math.round(v)]; return g ? g.arm + ' ' + g.setting.size.kind + ' ' + g.setting.size.value : ''; } } },
      yAxis: { type: 'value', name: 'ln norm per step back', nameLocation: 'middle', nameGap: 55, axisLine: { onZero: false } },
      series: slopeSeries });
  }
  // fANOVA shares from the analysis (importance.ts); pair interactions under 1% are left to the JSON.
  var importance = data.analysis.importance || [];
  if (importance.length === 0) {
    text('importance-note', 'No task of this sweep has two or more fields that vary: nothing to apportion.');
    document.getElementById('importance').style.display = 'none';
  } else {
    var trialsOf = function (r) { return (r.task || 'the sweep') + ': ' + r.trials + ' trials' + (r.caution ? ' (' + r.caution + ')' : ''); };
    text('importance-note', 'Share of the variance in validation loss each field explains on its own, and each pair ' +
      'together beyond that (fANOVA over a random forest, Hutter et al. 2014, as Optuna\'s default). ' +
      importance.map(trialsOf).join('; ') + '.');
    var pct = function (v) { return (100 * v).toFixed(1) + '%'; };
    var importanceTable = document.getElementById('importance');
    importance.forEach(function (r) {
      var rows = r.fields
        .map(function (f) { return [f.field, String(f.values), pct(f.importance) + ' ± ' + pct(f.sd), pct(f.normalized)]; })
        .concat(r.interactions.filter(function (p) { return p.importance >= 0.01; })
          .map(function (p) { return [p.fields.join(' × '), '', pct(p.importance) + ' ± ' + pct(p.sd), '-']; }));
      rows.forEach(function (cells) {
        var row = importanceTable.insertRow();
        row.setAttribute('data-field', cells[0]);
        [r.task].concat(cells).forEach(function (value) { row.insertCell().textContent = value; });
      });
    });
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  document.body.setAttribute('data-charts', String(charts.length));
})();
`;
