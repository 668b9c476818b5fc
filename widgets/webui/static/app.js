// Eddy's web UI page: draws the views its server pushes over /ws (shapes: ../WebUIView.ts).
// Plain browser JavaScript with uPlot, no build step. Every value from a stream is put on the
// page as text (textContent), never as markup.
'use strict';
(function () {
  const token = new URLSearchParams(location.search).get('token');
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const $ = (id) => document.getElementById(id);
  let socket;
  let retryMs = 500;
  let epoch = -1;
  let view;
  let selected;
  const charts = new Map();

  // ------------------------------------------------------------------ connection
  function connect() {
    socket = new WebSocket(wsUrl);
    socket.onopen = () => {
      retryMs = 500;
      if (selected !== undefined) request(selected);
    };
    socket.onmessage = (m) => {
      let msg;
      try {
        msg = JSON.parse(m.data);
      } catch {
        return;
      }
      if (msg.type === 'view') render(msg.view);
      else if (msg.type === 'batch' && msg.batchTime === selected) renderDetail(msg.batchTime, msg.detail);
    };
    socket.onclose = () => {
      setStatus('disconnected', 'The web UI server is not answering; trying again…');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  function request(batchTime) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'batch', batchTime }));
  }

  // ------------------------------------------------------------------ helpers
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) for (const [k, v] of Object.entries(props)) if (v !== undefined && v !== null) k === 'text' ? (e.textContent = String(v)) : e.setAttribute(k, String(v));
    for (const c of children) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  function clock(ms) {
    const d = new Date(ms);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${d.getMilliseconds() ? `.${pad(d.getMilliseconds(), 3)}` : ''}`;
  }
  const ms = (x) => (x === null || x === undefined ? '-' : x >= 10000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
  const num = (x) => (x === null || x === undefined ? '-' : Number(x).toLocaleString('en-US'));
  const rate = (x) => (x === null || x === undefined ? '-' : `${num(Math.round(x))} rec/s`);
  function fill(tbody, rows) {
    tbody.replaceChildren(...rows);
  }
  function setStatus(status, notice) {
    const s = $('status');
    s.textContent = status;
    s.className = `badge ${status}`;
    $('notice').hidden = !notice;
    $('notice').textContent = notice || '';
  }

  // ------------------------------------------------------------------ charts
  function chart(id, make) {
    let c = charts.get(id);
    const box = $(id);
    const width = Math.max(200, box.clientWidth || 300);
    if (!c) {
      c = new uPlot(make(width), [[]], box);
      charts.set(id, c);
    } else if (Math.abs(c.width - width) > 20) c.setSize({ width, height: c.height });
    return c;
  }
  function timeline(id, label, color, withInterval) {
    return chart(id, (width) => ({
      width,
      height: 120,
      legend: { show: false },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
      series: [{}, { label, stroke: color, width: 1.5, fill: `${color}22` }].concat(withInterval ? [{ label: 'batch interval', stroke: '#c53030', dash: [6, 4], width: 1 }] : []),
      axes: [{}, { size: 60 }],
    }));
  }
  function histogram(id, color) {
    return chart(id, (width) => ({
      width,
      height: 120,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
      series: [{}, { label: 'batches', fill: `${color}99`, stroke: color, points: { show: false }, paths: uPlot.paths.bars({ size: [0.9, 40] }) }],
      axes: [{ size: 30, values: (u, ticks) => ticks.map((t) => String(Math.round(t * 10) / 10)) }, { size: 40 }],
    }));
  }
  /** 20 bins from 0 to the largest value; each point counts for the batches it stands for. */
  function bins(values, weights) {
    const max = Math.max(1, ...values);
    const n = 20;
    const width = max / n;
    const xs = [];
    const ys = new Array(n).fill(0);
    for (let i = 0; i < n; i++) xs.push(Math.round((i + 0.5) * width * 100) / 100);
    values.forEach((v, i) => (ys[Math.min(n - 1, Math.floor(v / width))] += weights[i]));
    return [xs, ys];
  }
  function drawStatistics(v) {
    const s = v.series;
    const xs = s.t.map((t) => t / 1000);
    const interval = xs.map(() => v.batchIntervalMs);
    const defs = [
      ['rate', 'records/s', '#2f855a', s.rate, false],
      ['sched', 'scheduling delay (ms)', '#b7791f', s.sched, true],
      ['proc', 'processing time (ms)', '#2b6cb0', s.proc, true],
      ['total', 'total delay (ms)', '#805ad5', s.total, true],
    ];
    for (const [key, label, color, ys, withInterval] of defs) {
      timeline(`chart-${key}`, label, color, withInterval).setData(withInterval ? [xs, ys, interval] : [xs, ys]);
      histogram(`hist-${key}`, color).setData(bins(ys, s.n));
      const last = ys.length ? ys[ys.length - 1] : null;
      const avg = ys.length ? ys.reduce((a, y, i) => a + y * s.n[i], 0) / s.n.reduce((a, b) => a + b, 0) : null;
      $(`now-${key}`).textContent = key === 'rate' ? `last ${rate(last)}, avg ${rate(avg)}` : `last ${ms(last)}, avg ${ms(avg)}`;
    }
    $('resolution').textContent = v.bucketWidth > 1 ? `older points average ${v.bucketWidth} batches each` : 'one point per batch';
  }

  // ------------------------------------------------------------------ batches
  function batchRow(b, completed) {
    const tr = el(
      'tr',
      { 'data-batch-time': b.batchTime, class: b.batchTime === selected ? 'selected' : undefined },
      el('td', { text: clock(b.batchTime), title: `${b.batchTime} ms` }),
      el('td', { class: 'num', text: num(b.numRecords) }),
      el('td', { class: 'num', text: ms(b.schedulingDelay) }),
      el('td', { class: 'num', text: ms(b.processingDelay) }),
      completed ? el('td', { class: 'num', text: ms(b.totalDelay) }) : null,
      el('td', { class: 'num', text: b.failedOutputs ? `${b.outputOps - b.failedOutputs}/${b.outputOps} (${b.failedOutputs} failed)` : `${b.outputOps}` }),
      el('td', { class: `status-${b.status}`, text: b.status }),
    );
    tr.addEventListener('click', () => open(b.batchTime));
    return tr;
  }
  function open(batchTime) {
    selected = batchTime;
    $('detail').hidden = false;
    $('detail-title').textContent = `Batch ${clock(batchTime)}`;
    $('detail-summary').textContent = 'loading…';
    for (const tr of document.querySelectorAll('tr[data-batch-time]')) tr.classList.toggle('selected', Number(tr.dataset.batchTime) === batchTime);
    request(batchTime);
  }
  function renderDetail(batchTime, d) {
    $('detail-title').textContent = `Batch ${clock(batchTime)} (${batchTime} ms)`;
    if (!d) {
      $('detail-summary').textContent = 'This batch is no longer kept (only the last 1000 completed batches are).';
      fill($('detail-outputs').tBodies[0], []);
      fill($('detail-inputs').tBodies[0], []);
      return;
    }
    $('detail-summary').textContent = `${d.status} · ${num(d.numRecords)} records · scheduling delay ${ms(d.schedulingDelay)} · processing time ${ms(d.processingDelay)} · total delay ${ms(d.totalDelay)}`;
    fill(
      $('detail-outputs').tBodies[0],
      d.outputs.map((o) =>
        el('tr', null, el('td', { class: 'num', text: o.id }), el('td', { text: o.name }), el('td', { text: o.description }), el('td', { class: `status-${o.status}`, text: o.status }), el('td', { class: 'num', text: ms(o.duration) }), el('td', null, o.failureReason ? el('pre', { class: 'error', text: o.failureReason }) : '')),
      ),
    );
    const inputs = d.inputs.length ? d.inputs.map((i) => el('tr', null, el('td', { text: i.name }), el('td', { class: 'num', text: num(i.numRecords) }), el('td', { text: i.metadata }))) : [el('tr', null, el('td', { colspan: 3, class: 'empty', text: 'no input reported (queue streams report none, as in Spark)' }))];
    fill($('detail-inputs').tBodies[0], inputs);
  }

  // ------------------------------------------------------------------ published streams
  function streamCard(p) {
    const s = p.snapshot;
    const head = [el('h3', { text: p.name }), el('p', { class: 'sub', text: `batch ${clock(p.batchTime)} · ${num(s.total)} element${s.total === 1 ? '' : 's'}${s.rows.length < s.total ? `, ${s.kind === 'bars' ? 'top' : 'first'} ${s.rows.length} shown` : ''}` })];
    let body;
    if (s.kind === 'bars') {
      const max = Math.max(1e-9, ...s.rows.map((r) => Math.abs(r[1])));
      body = el('div', { class: 'bars' }, ...s.rows.map(([k, v]) => el('div', { class: 'bar-row' }, el('span', { class: 'bar-key', text: k, title: k }), el('div', null, el('div', { class: 'bar', style: undefined, 'data-w': v })), el('span', { class: 'bar-value', text: num(v) }))));
      body.querySelectorAll('.bar').forEach((b) => (b.style.width = `${(100 * Math.abs(Number(b.dataset.w))) / max}%`));
    } else {
      body = s.rows.length ? el('table', null, el('tbody', null, ...s.rows.map((r) => el('tr', null, el('td', { text: r }))))) : el('p', { class: 'empty', text: 'empty batch' });
    }
    return el('div', { class: 'stream-card', 'data-name': p.name, 'data-kind': s.kind }, ...head, body);
  }

  // ------------------------------------------------------------------ receivers
  function drawReceivers(v) {
    fill(
      $('receiver-table').tBodies[0],
      v.receivers.length
        ? v.receivers.map((r) =>
            el('tr', null, el('td', { text: r.stream }), el('td', { text: r.name }), el('td', { text: r.active === null ? '-' : r.active ? 'active' : 'stopped' }), el('td', { class: 'num', text: rate(r.rate) }), el('td', { class: 'num', text: rate(r.avgRate) }), el('td', { class: 'num', text: r.limit === null ? 'unlimited' : rate(r.limit) }), el('td', { class: 'num', text: num(r.queued) }), el('td', { class: 'num', text: r.errors }), el('td', null, r.lastError ? el('pre', { class: 'error', text: r.lastError }) : '')),
          )
        : [el('tr', null, el('td', { colspan: 9, class: 'empty', text: 'No receivers or rate-controlled inputs.' }))],
    );
    const box = $('rate-charts');
    for (const r of v.receivers) {
      const id = `rate-${r.streamId}`;
      if (!$(id)) box.append(el('div', null, el('h3', { text: `${r.stream}: actual rate against the limit / backpressure estimate` }), el('div', { id, class: 'ratechart' })));
      chart(id, (width) => ({
        width,
        height: 140,
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
        series: [{}, { label: 'actual (rec/s)', stroke: '#2f855a', width: 1.5 }, { label: 'estimate / limit (rec/s)', stroke: '#c53030', dash: [6, 4], width: 1.5 }],
        axes: [{}, { size: 70 }],
      })).setData([r.chart.t.map((t) => t / 1000), r.chart.actual, r.chart.estimate]);
    }
  }

  // ------------------------------------------------------------------ graph
  function drawGraph(nodes) {
    if (!nodes.length) return $('graph').replaceChildren(el('p', { class: 'empty', text: 'No streams defined yet.' }));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const depth = new Map();
    const depthOf = (n) => {
      if (depth.has(n.id)) return depth.get(n.id);
      depth.set(n.id, 0);
      const d = n.parents.length ? 1 + Math.max(...n.parents.map((p) => (byId.has(p) ? depthOf(byId.get(p)) : 0))) : 0;
      depth.set(n.id, d);
      return d;
    };
    const layers = [];
    for (const n of nodes) (layers[depthOf(n)] ||= []).push(n);
    $('graph').replaceChildren(
      ...layers.map((layer) =>
        el(
          'div',
          { class: 'graph-layer' },
          ...layer.map((n) => {
            const kind = n.outputOpId !== null && n.outputOpId !== undefined ? 'output' : n.parents.length === 0 ? 'input' : n.windowMs ? 'windowed' : '';
            return el(
              'div',
              { class: `graph-node ${kind}`, 'data-stream-id': n.id, title: n.description },
              el('b', { text: `${n.name} [${n.id}]` }),
              el('div', { text: n.kind }),
              el('div', null, n.windowMs ? el('span', { class: 'window-badge', text: `window ${ms(n.windowMs)}` }) : '', `slide ${ms(n.slideMs)}`),
              n.parents.length ? el('div', { class: 'from', text: `from ${n.parents.map((p) => (byId.has(p) ? `${byId.get(p).name} [${p}]` : `[${p}]`)).join(', ')}` }) : null,
            );
          }),
        ),
      ),
    );
  }

  // ------------------------------------------------------------------ the whole view
  function render(v) {
    if (v.epoch !== epoch) {
      epoch = v.epoch;
      for (const c of charts.values()) c.destroy();
      charts.clear();
      $('rate-charts').replaceChildren();
      selected = undefined;
      $('detail').hidden = true;
    }
    view = v;
    document.title = `Eddy · ${v.appName || 'Streaming'}`;
    $('app-name').textContent = v.appName;
    setStatus(v.status, v.notice);
    $('summary').textContent = v.pid ? `pid ${v.pid}` : '';
    $('interval').textContent = v.batchIntervalMs ? ms(v.batchIntervalMs) : '-';
    $('batch-count').textContent = String(v.completedBatches);
    $('failed-count').textContent = String(v.failedBatches);
    $('record-count').textContent = num(v.totalRecords);
    $('active-count').textContent = String(v.active.length);
    drawStatistics(v);
    fill($('active-table').tBodies[0], v.active.map((b) => batchRow(b, false)));
    fill($('completed-table').tBodies[0], v.completed.map((b) => batchRow(b, true)));
    $('streams').replaceChildren(...(v.streams.length ? v.streams.map(streamCard) : [el('p', { class: 'empty', text: "No stream published yet: call counts.toUI('counts') before ssc.start()." })]));
    drawReceivers(v);
    drawGraph(v.graph);
    $('errors').replaceChildren(...(v.errors.length ? v.errors.map((e) => el('li', { text: e })) : [el('li', { class: 'empty', text: 'none' })]));
    if (selected !== undefined && v.active.some((b) => b.batchTime === selected)) request(selected);
  }

  $('detail-close').addEventListener('click', () => {
    selected = undefined;
    $('detail').hidden = true;
    for (const tr of document.querySelectorAll('tr.selected')) tr.classList.remove('selected');
  });
  window.addEventListener('resize', () => view && render(view));
  connect();
})();
