/*! OpsCenter status widget 1.0.0: <opscenter-status unit="26740" token="oce_..." lang="vi|en" theme="light|dark" size="full|compact">
 *  A custom element with its own shadow DOM. No framework, no third-party code, no inline script or
 *  style needed in the host page (styles are a constructed stylesheet). It reads the unit's status
 *  and follows it live over Server-Sent Events; it shows the data's age and says so when the center
 *  cannot be reached or the token is refused. */
(() => {
  "use strict";
  if (customElements.get("opscenter-status")) return;
  const origin = new URL(document.currentScript ? document.currentScript.src : location.href).origin;

  const TEXT = {
    vi: {
      onTime: "Đúng hạn (tháng này)", toHandle: "Hồ sơ phải giải quyết", late: "Đang trễ hạn", online: "Nộp trực tuyến",
      apology: "Thư xin lỗi", systems: "Hệ thống", updated: "Cập nhật", ago: "trước", noData: "chưa có dữ liệu",
      unreachable: "Không kết nối được trung tâm dữ liệu; đang thử lại…", loading: "Đang tải…",
      refused: "Không hiển thị được tiện ích", live: "trực tiếp",
      reasons: {
        "revoked": "Mã nhúng đã bị thu hồi; vui lòng xin đơn vị cấp mã mới.",
        "unknown-token": "Mã nhúng không đúng.", "token-required": "Thiếu mã nhúng.",
        "other-unit": "Mã nhúng này không dành cho đơn vị này.", "kind": "Mã nhúng này không cho phép hiển thị tiện ích này.",
        "origin": "Trang này không được phép nhúng tiện ích của đơn vị.",
      },
      states: { up: "hoạt động", maintenance: "bảo trì", degraded: "chậm", stale: "dữ liệu cũ", silent: "mất tín hiệu", down: "ngừng", noData: "chưa có dữ liệu" },
      units: { s: "giây", m: "phút", h: "giờ", d: "ngày" }, decimal: ",",
    },
    en: {
      onTime: "On time (this month)", toHandle: "Dossiers to handle", late: "Late now", online: "Submitted online",
      apology: "Apology letters", systems: "Systems", updated: "Updated", ago: "ago", noData: "no data yet",
      unreachable: "The data center cannot be reached; retrying…", loading: "Loading…",
      refused: "This widget cannot be shown", live: "live",
      reasons: {
        "revoked": "This embed token was revoked; ask the unit for a new one.",
        "unknown-token": "Unknown embed token.", "token-required": "The embed token is missing.",
        "other-unit": "This token is for another unit.", "kind": "This token does not allow this widget.",
        "origin": "This page is not allowed to embed the unit's widgets.",
      },
      states: { up: "up", maintenance: "maintenance", degraded: "degraded", stale: "old data", silent: "silent", down: "down", noData: "no data" },
      units: { s: "s", m: "min", h: "h", d: "d" }, decimal: ".",
    },
  };

  const css = `
    :host { display: block; font-family: "Noto Sans", "Segoe UI", Roboto, Arial, sans-serif; }
    .card { border-radius: 10px; padding: 14px 16px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); max-width: 520px; }
    .light { --bg: #ffffff; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --good: #1a7f37; --bad: #cf222e; --warn: #9a6700; --info: #0969da; }
    .dark { --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --good: #3fb950; --bad: #ff7b72; --warn: #d29922; --info: #58a6ff; }
    h2 { margin: 0 0 8px; font-size: 17px; }
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 8px; margin: 0 0 10px; }
    .figure { border-left: 4px solid var(--line); padding: 2px 8px; }
    .figure .label { font-size: 12px; color: var(--muted); }
    .figure .value { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
    .figure.good { border-color: var(--good); } .figure.bad { border-color: var(--bad); } .figure.warn { border-color: var(--warn); }
    ul { list-style: none; margin: 0 0 8px; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
    li { font-size: 12px; padding: 2px 8px; border-radius: 999px; border: 1px solid var(--line); }
    li.up { color: var(--good); border-color: var(--good); } li.down { color: var(--bad); border-color: var(--bad); }
    li.degraded { color: var(--warn); border-color: var(--warn); } li.maintenance { color: var(--info); border-color: var(--info); }
    .age { font-size: 12px; color: var(--muted); }
    .notice { font-size: 13px; padding: 6px 8px; border-radius: 6px; margin: 0 0 8px; border: 1px solid var(--warn); color: var(--fg); }
    .refused { border-color: var(--bad); }
    .compact .figures { grid-template-columns: repeat(2, 1fr); } .compact .figure .value { font-size: 18px; } .compact ul { display: none; }
  `;
  let sheet = null;
  const styles = () => { if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(css); } return sheet; };

  class OpsCenterStatus extends HTMLElement {
    static get observedAttributes() { return ["unit", "token", "lang", "theme", "size"]; }

    connectedCallback() {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: "open" });
        root.adoptedStyleSheets = [styles()];
        this.card = document.createElement("section");
        this.card.setAttribute("role", "region");
        root.append(this.card);
      }
      this.start();
    }

    disconnectedCallback() { this.stop(); }

    attributeChangedCallback() { if (this.isConnected && this.card) this.start(); }

    get t() { return TEXT[this.getAttribute("lang") === "en" ? "en" : "vi"]; }

    url(path) {
      const unit = encodeURIComponent(this.getAttribute("unit") || "");
      const token = encodeURIComponent(this.getAttribute("token") || "");
      return `${origin}/embed/v1/units/${unit}/${path}?token=${token}`;
    }

    start() {
      this.stop();
      this.status = null; this.problem = null; this.connected = false;
      this.render();
      this.connect();
      this.ticker = setInterval(() => this.render(), 5000);
    }

    stop() {
      if (this.source) { this.source.close(); this.source = null; }
      clearInterval(this.ticker); clearTimeout(this.retry);
    }

    connect() {
      const source = new EventSource(this.url("stream"));
      this.source = source;
      source.addEventListener("status", (e) => { this.status = JSON.parse(e.data); this.problem = null; this.connected = true; this.render(); });
      source.addEventListener("refused", (e) => { source.close(); this.problem = JSON.parse(e.data); this.connected = false; this.render(); });
      source.onerror = () => {
        // Closed or refused: ask why (a refused token answers with a problem), else retry with a pause.
        source.close(); this.connected = false; this.render();
        fetch(this.url("status.json"), { mode: "cors", credentials: "omit" }).then(async (r) => {
          if (r.status === 401 || r.status === 403) { this.problem = await r.json(); this.render(); return; }
          if (r.ok) { this.status = await r.json(); }
          this.retry = setTimeout(() => this.connect(), 3000);
        }, () => { this.retry = setTimeout(() => this.connect(), 5000); });
      };
    }

    percent(v) { return v == null ? "—" : (v * 100).toFixed(1).replace(".", this.t.decimal) + " %"; }

    count(v) { return v == null ? "—" : v.toLocaleString(this.getAttribute("lang") === "en" ? "en-US" : "vi-VN"); }

    age(at) {
      if (!at) return this.t.noData;
      const s = Math.max(0, (Date.now() - Date.parse(at)) / 1000), u = this.t.units;
      const text = s < 60 ? `${Math.round(s)} ${u.s}` : s < 3600 ? `${Math.round(s / 60)} ${u.m}` : s < 86400 ? `${Math.round(s / 3600)} ${u.h}` : `${Math.round(s / 86400)} ${u.d}`;
      return `${this.t.updated} ${text} ${this.t.ago}`;
    }

    el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }

    figure(label, value, cls, key) {
      const f = this.el("div", "figure " + (cls || ""));
      f.dataset.kpi = key;
      f.append(this.el("div", "label", label), this.el("div", "value", value));
      return f;
    }

    render() {
      const t = this.t, s = this.status;
      const theme = this.getAttribute("theme") === "dark" ? "dark" : "light";
      const size = this.getAttribute("size") === "compact" ? "compact" : "full";
      this.card.className = `card ${theme} ${size}`;
      this.card.replaceChildren();
      const lang = this.getAttribute("lang") === "en" ? "en" : "vi";
      this.card.setAttribute("aria-label", s ? `OpsCenter: ${lang === "en" ? s.nameEn : s.name}` : "OpsCenter");
      this.dataset.state = this.problem ? "refused" : !s ? "loading" : this.connected ? "live" : "unreachable";
      if (this.problem) {
        const reason = t.reasons[this.problem.reason] || `${this.problem.title || ""}. ${this.problem.detail || ""}`;
        const p = this.el("p", "notice refused", `${t.refused}: ${reason}`);
        p.dataset.reason = this.problem.reason || "";
        p.setAttribute("role", "alert");
        this.card.append(p);
        return;
      }
      if (!s) { this.card.append(this.el("p", "age", t.loading)); return; }
      if (!this.connected) {
        const n = this.el("p", "notice", t.unreachable);
        n.setAttribute("role", "status");
        this.card.append(n);
      }
      this.card.append(this.el("h2", null, lang === "en" ? s.nameEn : s.name));
      const figures = this.el("div", "figures");
      const rate = s.onTimeRate;
      figures.append(
        this.figure(t.onTime, this.percent(rate), rate == null ? "" : rate >= 0.95 ? "good" : rate >= 0.9 ? "warn" : "bad", "onTimeRate"),
        this.figure(t.online, this.percent(s.onlineShare), "", "onlineShare"),
        this.figure(t.late, this.count(s.lateInProgress), s.lateInProgress > 0 ? "bad" : "", "late"),
        this.figure(t.toHandle, this.count(s.toHandle), "", "toHandle"));
      this.card.append(figures);
      const systems = this.el("ul");
      systems.setAttribute("aria-label", t.systems);
      for (const sys of s.systems || []) {
        const li = this.el("li", sys.state, `${lang === "en" ? sys.nameEn : sys.name}: ${t.states[sys.state] || sys.state}`);
        li.dataset.system = sys.code; li.dataset.state = sys.state;
        systems.append(li);
      }
      this.card.append(systems);
      const age = this.el("p", "age", this.age(s.dataAt) + (this.connected ? ` · ${t.live}` : ""));
      age.setAttribute("aria-live", "off");
      this.card.append(age);
    }
  }

  customElements.define("opscenter-status", OpsCenterStatus);
})();
