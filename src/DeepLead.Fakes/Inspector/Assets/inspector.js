// The DeepLead fake inspector. Plain script, no build step, no library: a page a .NET developer can change.
// Every value that came from a request, a scenario or a rule is put on the page as text (textContent, text nodes),
// never as HTML. The same script runs the served page (data from /api, live calls over server-sent events) and the
// report file (data from the JSON block #report-data, no network, no changes).
"use strict";

(function () {
  const ROW_HEIGHT = 28;
  const reportBlock = document.getElementById("report-data");
  const report = reportBlock ? JSON.parse(reportBlock.textContent) : null;
  let changeKey = "";
  let calls = [];            // by sequence number, oldest first; shown newest first
  const seen = new Set();    // sequence numbers on the page: a call can come twice (the list, then the stream)
  let position = 0;          // the journal's position the stream goes on from
  let filtered = [];         // indexes into calls, newest first
  let selected = null;
  let currentView = "calls";
  let skippedLive = 0;
  const operations = new Set();
  const tenants = new Set();

  // ---- small helpers -------------------------------------------------------------------------------------------
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function byId(id) { return document.getElementById(id); }

  async function api(path, options) {
    if (report) throw new Error("The report file is read-only.");
    const init = { credentials: "same-origin", headers: {} };
    if (options && options.body !== undefined) {
      init.method = "POST";
      init.headers["X-DeepLead-Change-Key"] = changeKey;
      init.headers["Content-Type"] = "application/json";
      init.body = options.body;
    }
    const response = await fetch("api/" + path, init);
    if (response.status === 401) { location.reload(); throw new Error("logged out"); }
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    return { ok: response.ok, status: response.status, body: body };
  }

  function showErrors(list, body) {
    clear(list);
    if (!body) return;
    list.appendChild(el("li", null, body.error));
    for (const detail of body.details || []) {
      list.appendChild(el("li", null, detail.field + ": " + detail.message));
    }
  }

  // ---- views ---------------------------------------------------------------------------------------------------
  function show(view) {
    currentView = view;
    for (const tab of document.querySelectorAll(".tab")) {
      if (tab.dataset.view === view) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
    }
    for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== "view-" + view;
    if (view === "calls") renderRows(); else refresh(view);
  }

  async function refresh(view) {
    if (view === "calls") return;
    const data = report ? report[view] : (await api(view)).body;
    if (view === "state") renderState(data);
    if (view === "coverage") renderCoverage(data);
    if (view === "rules") renderRules(data);
    if (view === "scenario") renderScenario(data);
    if (view === "host") renderHost(data);
  }

  // ---- calls ---------------------------------------------------------------------------------------------------
  function addCalls(rows) {
    let added = false;
    for (const row of rows) {
      if (seen.has(row.n)) continue;
      seen.add(row.n);
      // Calls come in the order they were answered; a call answered late (a delay rule) goes where its number is.
      let at = calls.length;
      while (at > 0 && calls[at - 1].n > row.n) at--;
      calls.splice(at, 0, row);
      added = true;
      if (!operations.has(row.o)) { operations.add(row.o); addOption(byId("f-operation"), row.o, row.o); }
      if (!tenants.has(row.u)) { tenants.add(row.u); addOption(byId("f-tenant"), row.u, row.u || "configured keys"); }
    }
    return added;
  }

  function addOption(select, value, label) {
    const option = el("option", null, label);
    option.value = value;
    select.appendChild(option);
  }

  function matches(row, status, operation, tenant, text) {
    if (status === "fault" && !row.f) return false;
    if (status && status !== "fault" && (row.f || String(row.s)[0] !== status)) return false;
    if (operation && row.o !== operation) return false;
    if (tenant !== null && row.u !== tenant) return false;
    if (text) {
      const haystack = (row.m + " " + row.p + " " + row.s + " " + row.d + " " + row.u + " " + (row.f || "") + " " + row.w.join(" ")).toLowerCase();
      if (!haystack.includes(text)) return false;
    }
    return true;
  }

  function applyFilters() {
    const status = byId("f-status").value;
    const operation = byId("f-operation").value;
    const tenantSelect = byId("f-tenant");
    const tenant = tenantSelect.selectedIndex > 0 ? tenantSelect.value : null;
    const text = byId("f-text").value.trim().toLowerCase();
    filtered = [];
    for (let i = calls.length - 1; i >= 0; i--) {
      if (matches(calls[i], status, operation, tenant, text)) filtered.push(i);
    }
    const note = skippedLive > 0 ? " (" + skippedLive + " calls arrived too fast to show live: reload to see them)" : "";
    byId("calls-count").textContent = filtered.length + " of " + calls.length + " calls" + note;
    byId("calls-spacer").style.height = (filtered.length * ROW_HEIGHT) + "px";
    renderRows();
  }

  // Only the rows in view exist in the document: 20,000 calls cost 20,000 small objects, not 20,000 elements.
  function renderRows() {
    if (currentView !== "calls") return;
    const scroller = byId("calls-scroll");
    const spacer = byId("calls-spacer");
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - 5);
    const count = Math.ceil((scroller.clientHeight || 600) / ROW_HEIGHT) + 10;
    clear(spacer);
    for (let k = first; k < Math.min(filtered.length, first + count); k++) {
      const row = calls[filtered[k]];
      const button = el("button", "call" + (row.s >= 400 || row.f ? " failed" : "") + (selected === row.n ? " selected" : ""));
      button.type = "button";
      button.style.top = (k * ROW_HEIGHT) + "px";
      button.dataset.sequence = String(row.n);
      button.appendChild(el("span", "n", row.n));
      button.appendChild(el("span", "t", row.t.slice(11, 23)));
      button.appendChild(el("span", "u", row.u || "—"));
      button.appendChild(el("span", "m", row.m));
      button.appendChild(el("span", "p", row.p));
      button.appendChild(el("span", "s", row.f ? "broken" : row.s));
      button.appendChild(el("span", "d", row.d));
      button.appendChild(el("span", "w", row.w.length ? row.w.length + " ⚠ " + row.w.join("; ") : ""));
      spacer.appendChild(button);
    }
  }

  async function openCall(sequence) {
    selected = sequence;
    renderRows();
    let detail;
    if (report) {
      detail = report.details[String(sequence)];
    } else {
      const answer = await api("calls/" + sequence);
      detail = answer.ok ? answer.body : null;
    }
    const panel = byId("detail");
    panel.hidden = false;
    byId("detail-h").textContent = "Call #" + sequence;
    const facts = byId("detail-facts");
    clear(facts);
    if (!detail) {
      byId("detail-explanation").textContent = "This call's detail is not kept (the report keeps the newest calls' details; the journal keeps the last calls).";
      byId("detail-request").textContent = "";
      byId("detail-response").textContent = "";
      return;
    }
    const call = detail.call;
    const pairs = [
      ["Request", call.m + " " + call.p], ["Status", call.f ? "broken connection: " + call.f : call.s],
      ["Decided by", call.d], ["Rule", detail.rule || "none"], ["Hint", detail.hint || "none"],
      ["Rests on", detail.restsOn || "—"], ["Tenant", call.u || "configured keys"], ["API key", detail.apiKey || "none"],
      ["Time", call.t], ["Duration", detail.durationMs + " ms"], ["Warnings", call.w.length ? call.w.join("\n") : "none"],
    ];
    for (const [name, value] of pairs) {
      facts.appendChild(el("dt", null, name));
      facts.appendChild(el("dd", "detail-" + name.toLowerCase().replace(/ /g, "-"), value));
    }
    byId("detail-explanation").textContent = detail.explanation;
    byId("detail-request").textContent = detail.requestBody || "(none)";
    byId("detail-response").textContent = detail.responseBody || "(none)";
  }

  // ---- state ---------------------------------------------------------------------------------------------------
  let stateData = null;
  function renderState(data) {
    stateData = data;
    const query = byId("state-search").value.trim().toLowerCase();
    const tree = byId("state-tree");
    clear(tree);
    let pools = 0, inboxes = 0;
    for (const tenant of data.tenants) {
      const tenantNode = el("details", "tenant");
      tenantNode.open = true;
      tenantNode.appendChild(el("summary", null, tenant.name + " — " + tenant.poolCount + " pools, " + tenant.inboxCount + " inboxes"));
      for (const pool of tenant.pools) {
        const poolMatches = !query || (pool.name + " " + pool.id).toLowerCase().includes(query);
        const shown = pool.inboxes.filter((i) => poolMatches || (i.emailAddress + " " + i.id + " " + i.status).toLowerCase().includes(query));
        if (!poolMatches && shown.length === 0) continue;
        pools++;
        inboxes += shown.length;
        const poolNode = el("details", "pool");
        poolNode.open = !!query || tenant.pools.length <= 20;
        const summary = el("summary");
        summary.appendChild(el("span", "pool-name", pool.name));
        summary.appendChild(el("span", "muted", " " + pool.id + " — " + pool.inboxCount + " inboxes"));
        poolNode.appendChild(summary);
        const list = el("ul", "inboxes");
        for (const inbox of shown.slice(0, 500)) {
          const item = el("li");
          item.appendChild(el("span", "email", inbox.emailAddress));
          item.appendChild(el("span", "muted", " " + inbox.status + ", limit " + inbox.dailySendingLimit + ", " + inbox.id));
          list.appendChild(item);
        }
        if (shown.length > 500) list.appendChild(el("li", "muted", (shown.length - 500) + " more: search to narrow"));
        poolNode.appendChild(list);
        tenantNode.appendChild(poolNode);
      }
      tree.appendChild(tenantNode);
    }
    byId("state-count").textContent = pools + " pools, " + inboxes + " inboxes shown";
  }

  // ---- coverage ------------------------------------------------------------------------------------------------
  function renderCoverage(data) {
    byId("coverage-note").textContent = "Documented operations × documented statuses, counted over the " + data.calls
      + " calls the journal keeps (it keeps the last " + data.journalCapacity + "). "
      + (data.dropped > 0
        ? data.dropped + " older calls are no longer kept, so a missed cell may have been exercised by one of them: raise the journal's capacity to count the whole run."
        : "Missed cells are what no call exercised.");
    const grid = byId("coverage-grid");
    clear(grid);
    grid.appendChild(el("caption", null, "Operations × statuses"));
    const head = el("tr");
    head.appendChild(el("th", null, "Operation")).setAttribute("scope", "col");
    for (const status of data.statuses) head.appendChild(el("th", null, status)).setAttribute("scope", "col");
    grid.appendChild(el("thead")).appendChild(head);
    const body = grid.appendChild(el("tbody"));
    for (const operation of data.operations) {
      const row = el("tr");
      row.appendChild(el("th", null, operation.name)).setAttribute("scope", "row");
      for (const cell of operation.cells) {
        const text = !cell.documented ? "—" : cell.count > 0 ? "hit " + cell.count : "missed";
        const td = el("td", !cell.documented ? "undocumented" : cell.count > 0 ? "hit" : "missed", text);
        td.dataset.status = String(cell.status);
        row.appendChild(td);
      }
      body.appendChild(row);
    }
    const behaviours = byId("behaviours");
    clear(behaviours);
    byId("behaviours-note").textContent = data.tracking
      ? "Every documented behaviour, counted over the whole run."
      : "Coverage tracking is off (DeepLeadFakeOptions.TrackCoverage, or the stub's --coverage-report): only the grid above.";
    if (data.tracking) {
      behaviours.appendChild(el("caption", null, "Behaviours"));
      const bhead = el("tr");
      for (const name of ["Behaviour", "Description", "Calls"]) bhead.appendChild(el("th", null, name)).setAttribute("scope", "col");
      behaviours.appendChild(el("thead")).appendChild(bhead);
      const bbody = behaviours.appendChild(el("tbody"));
      for (const entry of data.behaviours) {
        const row = el("tr", entry.count > 0 ? "hit" : "missed");
        row.appendChild(el("td", null, entry.name));
        row.appendChild(el("td", null, entry.description));
        row.appendChild(el("td", null, entry.count > 0 ? entry.count : "missed"));
        bbody.appendChild(row);
      }
    }
  }

  // ---- rules ---------------------------------------------------------------------------------------------------
  function renderRules(data) {
    const table = byId("rules-table");
    clear(table);
    table.appendChild(el("caption", null, data.rules.length ? "Rules in force, first match first" : "No rules in force"));
    const head = el("tr");
    for (const name of ["#", "Name", "Hits", "Times left", "Rule"].concat(report ? [] : ["Remove"])) head.appendChild(el("th", null, name)).setAttribute("scope", "col");
    table.appendChild(el("thead")).appendChild(head);
    const body = table.appendChild(el("tbody"));
    for (const rule of data.rules) {
      const row = el("tr");
      row.appendChild(el("td", null, rule.position + 1));
      row.appendChild(el("td", "rule-name", rule.name));
      row.appendChild(el("td", "rule-hits", rule.hits));
      row.appendChild(el("td", "rule-left", rule.timesLeft === null ? "always" : rule.timesLeft));
      row.appendChild(el("td")).appendChild(el("code", null, rule.json));
      if (!report) {
        const remove = el("button", "remove", "Remove");
        remove.type = "button";
        remove.setAttribute("aria-label", "Remove rule " + (rule.position + 1) + ": " + rule.name);
        remove.addEventListener("click", async () => {
          const answer = await api("rules/remove", { body: JSON.stringify({ position: rule.position, name: rule.name }) });
          showErrors(byId("rule-errors"), answer.ok ? null : answer.body);
          refresh("rules");
        });
        row.appendChild(el("td")).appendChild(remove);
      }
      body.appendChild(row);
    }
  }

  // ---- scenario and clock --------------------------------------------------------------------------------------
  function renderScenario(data) {
    const layers = byId("layers");
    clear(layers);
    for (const layer of data.layers) layers.appendChild(el("li", null, layer));
    if (data.layers.length === 0) layers.appendChild(el("li", null, "the code options only"));
    byId("scenario-form").hidden = !data.canLoad;
    byId("scenario-load-note").hidden = data.canLoad || !!report;
    byId("clock-now").textContent = data.now + (data.canSetClock ? "" : " (the fake runs on a TimeProvider of the test's own)");
  }

  // ---- a view of the host's (the stub's shadow report) ---------------------------------------------------------
  function showHostTab(title) {
    byId("host-tab").hidden = false;
    byId("host-tab").querySelector("button").textContent = title;
    byId("h-host").textContent = title;
  }

  function renderHost(data) {
    const table = byId("host-table");
    clear(table);
    if (!data) return;
    table.appendChild(el("caption", null, data.title));
    const [headings, ...rows] = data.rows;
    const head = el("tr");
    for (const heading of headings || []) head.appendChild(el("th", null, heading)).setAttribute("scope", "col");
    table.appendChild(el("thead")).appendChild(head);
    const body = table.appendChild(el("tbody"));
    for (const row of rows) {
      const tr = el("tr");
      for (const cell of row) tr.appendChild(el("td", null, cell));
      body.appendChild(tr);
    }
    if (rows.length === 0) body.appendChild(el("tr")).appendChild(el("td", null, "nothing yet"));
  }

  async function post(path, body, errors, view) {
    const answer = await api(path, { body: body });
    showErrors(errors, answer.ok ? null : answer.body);
    if (answer.ok) refresh(view);
    return answer.ok;
  }

  // ---- wiring --------------------------------------------------------------------------------------------------
  function wire() {
    for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => show(tab.dataset.view));
    let pending = 0;
    const refilter = () => { clearTimeout(pending); pending = setTimeout(applyFilters, 120); };
    for (const id of ["f-status", "f-operation", "f-tenant"]) byId(id).addEventListener("change", applyFilters);
    byId("f-text").addEventListener("input", refilter);
    byId("calls-scroll").addEventListener("scroll", renderRows, { passive: true });
    byId("calls-spacer").addEventListener("click", (event) => {
      const button = event.target.closest("button.call");
      if (button) openCall(Number(button.dataset.sequence));
    });
    byId("state-search").addEventListener("input", () => { if (stateData) renderState(stateData); });
    byId("rule-form").addEventListener("submit", (event) => {
      event.preventDefault();
      post("rules", byId("rule-json").value, byId("rule-errors"), "rules");
    });
    byId("scenario-form").addEventListener("submit", (event) => {
      event.preventDefault();
      post("scenario/load?name=" + encodeURIComponent(byId("scenario-name").value), byId("scenario-json").value, byId("scenario-errors"), "scenario");
    });
    byId("scenario-reset").addEventListener("click", () => post("scenario/reset", "{}", byId("scenario-errors"), "scenario"));
    byId("clock-set-form").addEventListener("submit", (event) => {
      event.preventDefault();
      post("clock", JSON.stringify({ now: byId("clock-set").value }), byId("clock-errors"), "scenario");
    });
    byId("clock-advance-form").addEventListener("submit", (event) => {
      event.preventDefault();
      post("clock", JSON.stringify({ advanceSeconds: Number(byId("clock-advance").value) }), byId("clock-errors"), "scenario");
    });
  }

  let refreshing = 0;
  let lastRefresh = 0;
  // Live: a batch of calls at most every quarter second; the open view other than Calls is read again after one.
  function listen() {
    const source = new EventSource("api/events?since=" + position);
    source.addEventListener("open", () => { byId("mode").textContent = "Live: new calls appear as they arrive."; });
    source.addEventListener("error", () => {
      // Again from where the page is, not from where this stream started.
      byId("mode").textContent = "Reconnecting…";
      source.close();
      setTimeout(listen, 1000);
    });
    source.addEventListener("calls", (event) => {
      const batch = JSON.parse(event.data);
      skippedLive += batch.skipped;
      position = batch.position;
      if (addCalls(batch.calls) || batch.skipped > 0) applyFilters();
      // At most one read a second of the open view: a load test's batches must not make the page read the state each time.
      if (currentView !== "calls" && !refreshing) {
        const wait = Math.max(200, 1000 - (Date.now() - lastRefresh));
        refreshing = setTimeout(() => { refreshing = 0; lastRefresh = Date.now(); refresh(currentView); }, wait);
      }
    });
  }

  async function start() {
    wire();
    if (report) {
      for (const node of document.querySelectorAll(".live-only")) node.hidden = true;
      byId("mode").textContent = "Report written " + report.generatedAt + ": a snapshot, read-only.";
      if (report.host) showHostTab(report.host.title);
      addCalls(report.calls.calls);
      applyFilters();
      document.body.dataset.ready = "true";
      return;
    }
    const session = await api("session");
    changeKey = session.body.changeKey;
    if (session.body.hostView) showHostTab(session.body.hostView);
    const first = await api("calls");
    addCalls(first.body.calls);
    position = first.body.position;
    applyFilters();
    listen();
    document.body.dataset.ready = "true";
  }

  start();
})();
