// Switchboard dashboard: polls the admin API with the bearer token, draws two charts, lists clients and queues.
"use strict";

const POLL_MILLIS = 2000;
const HISTORY = 60;
const series = { connections: [], received: [], sent: [] };
let token = sessionStorage.getItem("switchboard.token") || "";
let previous = null;
let timer = null;

function $(id) { return document.getElementById(id); }

async function api(method, path) {
  const response = await fetch(path, { method, headers: { "Authorization": "Bearer " + token } });
  if (response.status === 401) {
    throw Object.assign(new Error("the token was refused"), { unauthorized: true });
  }
  if (!response.ok && response.status !== 204) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.error || ("HTTP " + response.status));
  }
  return response.status === 204 ? null : response.json();
}

function push(series, value) {
  series.push(value);
  if (series.length > HISTORY) {
    series.shift();
  }
}

function drawChart(canvas, lines) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, pad = 28;
  ctx.clearRect(0, 0, w, h);
  const max = Math.max(1, ...lines.flatMap(line => line.values));
  ctx.strokeStyle = "#d5d8de";
  ctx.fillStyle = "#5b6475";
  ctx.font = "11px system-ui";
  for (let i = 0; i <= 4; i++) {
    const y = pad / 2 + (h - pad) * i / 4;
    ctx.beginPath();
    ctx.moveTo(pad, y);
    ctx.lineTo(w, y);
    ctx.stroke();
    ctx.fillText(String(Math.round(max * (4 - i) / 4 * 10) / 10), 0, y + 4);
  }
  for (const line of lines) {
    ctx.strokeStyle = line.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    const shift = HISTORY - line.values.length; // the newest sample is at the right edge
    line.values.forEach((v, i) => {
      const x = pad + (w - pad) * (i + shift) / (HISTORY - 1);
      const y = pad / 2 + (h - pad) * (1 - v / max);
      if (i === 0) { ctx.moveTo(x, y); } else { ctx.lineTo(x, y); }
    });
    ctx.stroke();
  }
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function renderClients(page) {
  const body = $("clients").querySelector("tbody");
  body.replaceChildren();
  for (const c of page.items) {
    const row = document.createElement("tr");
    row.dataset.clientId = c.client_id;
    cell(row, c.client_id);
    cell(row, c.protocol);
    cell(row, c.subscriptions.length);
    cell(row, c.queued_messages);
    cell(row, c.inflight_messages);
    cell(row, c.connected_at_ms ? new Date(c.connected_at_ms).toLocaleTimeString() : "");
    const button = document.createElement("button");
    button.className = "kick";
    button.textContent = "Kick";
    button.title = "Disconnect " + c.client_id;
    button.addEventListener("click", () => kick(c.client_id));
    cell(row, "").appendChild(button);
    body.appendChild(row);
  }
  $("clients-total").textContent = "(" + page.total + ")";
}

function renderQueues(queues) {
  const body = $("queues").querySelector("tbody");
  body.replaceChildren();
  if (queues.items.length === 0) {
    const row = document.createElement("tr");
    cell(row, "no queued messages").colSpan = 3;
    body.appendChild(row);
  }
  for (const q of queues.items) {
    const row = document.createElement("tr");
    cell(row, q.client_id);
    cell(row, q.queued_messages);
    cell(row, (q.oldest_age_ms / 1000).toFixed(1));
    body.appendChild(row);
  }
}

async function kick(clientId) {
  try {
    await api("DELETE", "/api/clients/" + encodeURIComponent(clientId));
    setStatus("disconnected " + clientId, true);
  } catch (e) {
    setStatus("kick failed: " + e.message, false);
  }
  refresh();
}

function setStatus(text, ok) {
  const status = $("status");
  status.textContent = text;
  status.className = ok ? "ok" : "bad";
}

async function refresh() {
  try {
    const [info, clients, queues] = await Promise.all([
      api("GET", "/api/broker"), api("GET", "/api/clients?limit=200"), api("GET", "/api/session-queues?limit=10")]);
    const s = info.stats;
    const now = Date.now();
    if (previous) {
      const seconds = Math.max(0.001, (now - previous.at) / 1000);
      push(series.received, (s.messages_received - previous.received) / seconds);
      push(series.sent, (s.messages_sent - previous.sent) / seconds);
    }
    previous = { at: now, received: s.messages_received, sent: s.messages_sent };
    push(series.connections, s.connections);
    document.body.dataset.samples = String(series.connections.length);
    $("broker-version").textContent = "version " + info.version;
    $("stat-connections").textContent = s.connections;
    $("stat-offline").textContent = s.sessions_offline;
    $("stat-subscriptions").textContent = s.subscriptions;
    $("stat-retained").textContent = s.retained_messages;
    $("stat-queued").textContent = s.queued_messages;
    $("stat-dropped").textContent = s.messages_dropped;
    $("stat-uptime").textContent = info.uptime_seconds + " s";
    drawChart($("chart-connections"), [{ color: "#2a6fdb", values: series.connections }]);
    drawChart($("chart-rates"), [{ color: "#2a6fdb", values: series.received },
                                 { color: "#e07b00", values: series.sent }]);
    renderClients(clients);
    renderQueues(queues);
    $("main").hidden = false;
    $("login").hidden = true;
    if (!$("status").textContent.startsWith("disconnected")) {
      setStatus("live", true);
    }
  } catch (e) {
    if (e.unauthorized) {
      showLogin(e.message);
    } else {
      setStatus("broker unreachable: " + e.message, false);
    }
  }
}

function showLogin(message) {
  clearInterval(timer);
  timer = null;
  $("main").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message || "";
  setStatus("not connected", false);
}

function start() {
  sessionStorage.setItem("switchboard.token", token);
  refresh();
  if (!timer) {
    timer = setInterval(refresh, POLL_MILLIS);
  }
}

$("login").addEventListener("submit", event => {
  event.preventDefault();
  token = $("token").value.trim();
  start();
});

if (token) {
  start();
} else {
  showLogin("");
}
