/**
 * The script the dashboard runs in the browser: reads the inlined JSON data and draws the
 * charts with the inlined Chart.js. Plain ES5-ish JavaScript in a string, so no bundler or
 * transpiler touches it. Data reaches the page only through Chart.js (which draws on a
 * canvas) and textContent; never innerHTML.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('dashboard-data').textContent);
  var FONT = getComputedStyle(document.body).fontFamily;
  var BOARD_COLOURS = ['#2b6cb0', '#c05621', '#2f855a', '#6b46c1', '#b7791f', '#319795', '#97266d'];
  var drawn = 0;
  Chart.defaults.font.family = FONT;
  Chart.defaults.font.size = 12;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, config);
    drawn++;
  }
  function short(label, max) {
    label = String(label);
    return label.length > max ? label.slice(0, max - 1) + '…' : label;
  }
  function alpha(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }
  function pct(x) { return (Math.round(x * 1000) / 10) + '%'; }
  function narrow() { return window.innerWidth < 600; }

  function monthly() {
    var months = [], boards = [], cell = {};
    data.monthly.forEach(function (r) {
      if (months.indexOf(r.month) < 0) months.push(r.month);
      if (boards.indexOf(r.board) < 0) boards.push(r.board);
      cell[r.month + '\u0000' + r.board] = r;
    });
    months.sort(); boards.sort();
    var sets = [];
    boards.forEach(function (b, i) {
      var c = BOARD_COLOURS[i % BOARD_COLOURS.length];
      ['received', 'replied'].forEach(function (k) {
        sets.push({
          label: b + (k === 'received' ? ' 收到 received' : ' 答复 answered'),
          stack: k,
          backgroundColor: k === 'received' ? alpha(c, 0.35) : c,
          borderColor: c, borderWidth: k === 'received' ? 1 : 0,
          data: months.map(function (m) { var r = cell[m + '\u0000' + b]; return r ? r[k] : 0; })
        });
      });
    });
    draw('chart-monthly', {
      type: 'bar',
      data: { labels: months, datasets: sets },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'messages' } } },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  }

  function departments(id, rows, colour) {
    if (!rows.length) return;
    var max = narrow() ? 10 : 22;
    draw(id, {
      type: 'bar',
      data: {
        labels: rows.map(function (r) { return short(r.name, max) + ' (' + r.replied + '/' + r.messages + ')'; }),
        datasets: [{ label: 'reply rate', data: rows.map(function (r) { return r.rate * 100; }), backgroundColor: colour }]
      },
      options: {
        indexAxis: 'y',
        scales: { x: { min: 0, max: 100, ticks: { callback: function (v) { return v + '%'; } } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: {
            title: function (items) { return rows[items[0].dataIndex].name; },
            label: function (item) {
              var r = rows[item.dataIndex];
              return r.replied + ' of ' + r.messages + ' answered (' + pct(r.rate) + '; 95% ' + pct(r.low) + '–' + pct(r.high) + ')';
            }
          } }
        }
      }
    });
  }

  function lag() {
    var labels = data.lag.bins.map(function (b) { return b.label; }).concat(['未答复 unanswered']);
    var counts = data.lag.bins.map(function (b) { return b.count; }).concat([data.lag.unanswered]);
    var colours = data.lag.bins.map(function () { return '#2b6cb0'; }).concat(['#c53030']);
    draw('chart-lag', {
      type: 'bar',
      data: { labels: labels, datasets: [{ label: 'messages', data: counts, backgroundColor: colours }] },
      options: {
        scales: { y: { beginAtZero: true, title: { display: true, text: 'messages' } } },
        plugins: { legend: { display: false } }
      }
    });
  }

  var METRICS = { received: '收到 received', replied: '答复 replied' };
  function claimLabel(c) {
    return [c.board || '全部版块 all boards', c.period + ' · ' + (METRICS[c.metric] || c.metric)];
  }
  function claims() {
    var rows = data.claims.rows.filter(function (c) { return c.unit !== 'percent' && c.official !== null && c.archive !== null; });
    if (!rows.length) return;
    var canvas = document.getElementById('chart-claims');
    // Room for every label (none skipped or squeezed): about 48 px a row.
    if (canvas) canvas.parentNode.style.height = Math.max(240, 80 + rows.length * 48) + 'px';
    draw('chart-claims', {
      type: 'bar',
      data: {
        labels: rows.map(claimLabel),
        datasets: [
          { label: '官方 official', data: rows.map(function (c) { return c.official; }), backgroundColor: '#b7791f' },
          { label: '存档 archive', data: rows.map(function (c) { return c.archive; }), backgroundColor: '#2b6cb0' }
        ]
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: { beginAtZero: true, title: { display: true, text: 'messages 条' } },
          y: { ticks: { autoSkip: false, font: { size: narrow() ? 11 : 13 } } }
        },
        plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: {
          title: function (items) { return claimLabel(rows[items[0].dataIndex]).join(' · '); },
          footer: function (items) {
            var c = rows[items[0].dataIndex];
            return c.difference === null ? '' : 'archive − official: ' + (c.difference > 0 ? '+' : '') + c.difference;
          }
        } } }
      }
    });
  }

  monthly();
  departments('chart-best', data.departments.best, '#2f855a');
  departments('chart-worst', data.departments.worst, '#c53030');
  lag();
  claims();
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
`;
