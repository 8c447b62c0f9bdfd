// The sandbox: the developer's test clock (advance, speed), seller events on an order now, reset
// the acting user's sandbox, and the scenario words (GET /sandbox/scenarios).
import { api } from "../api.js";
import { register, t } from "../i18n.js";
import { action, facts, field, form, h, section, table } from "../ui.js";

register({
  en: {
    "sandbox.nav": "Sandbox",
    "sandbox.title": "Sandbox",
    "sandbox.live": "Live developers have no sandbox.",
    "sandbox.clock": "Test clock",
    "sandbox.now": "Sandbox time (UTC+8)",
    "sandbox.speed": "Speed",
    "sandbox.speedValue": "{speed} sandbox seconds per real second",
    "sandbox.stopped": "stopped (moves only when advanced)",
    "sandbox.pending": "Pending seller events",
    "sandbox.nextEvent": "Next event due",
    "sandbox.advance": "Advance",
    "sandbox.duration": "Duration",
    "sandbox.durationHelp": "\"45s\", \"90m\", \"3h\", \"2d\", \"1d12h\" or milliseconds",
    "sandbox.advanced": "Moved {from} → {to}: {ran} event(s) ran, {failed} failed.",
    "sandbox.setSpeed": "Set the speed",
    "sandbox.speedHelp": "0 stops the clock; 60 = a minute per second",
    "sandbox.speedSet": "Speed is now {speed}.",
    "sandbox.trigger": "Make a seller event happen now",
    "sandbox.event": "Event",
    "sandbox.orderId": "Order id",
    "sandbox.orderHelp": "A Taobao order id, a taobaoPurchaseId (12 digits) or a 1688 orderId; optional when a refund id is given",
    "sandbox.lineId": "Line id (optional)",
    "sandbox.refundId": "Refund id (optional)",
    "sandbox.run": "Trigger",
    "sandbox.triggered": "{event} on {orderId}: {ran} event(s) ran, {failed} failed.",
    "sandbox.reset": "Reset",
    "sandbox.resetHelp": "Clears the sandbox state of the user the console acts as ({userId}).",
    "sandbox.resetButton": "Reset this user's sandbox",
    "sandbox.resetConfirm": "Reset the sandbox of user {userId}? Its sandbox state is cleared.",
    "sandbox.resetDone": "Reset.",
    "sandbox.words": "Scenario words",
    "sandbox.wordsHelp": "Put one or more of these words in the receiver's name of a new order (or, for parcels, the consignee's name of a booking) to rehearse what goes wrong; docs/sandbox-scenarios.md has the timings.",
    "sandbox.wordsCaption": "Scenario words and what they do",
    "sandbox.word": "Word",
    "sandbox.wordOn": "Put it in",
    "sandbox.onOrder": "the order's receiver name",
    "sandbox.onParcel": "the parcel's consignee name",
    "sandbox.wordScope": "Concerns",
    "sandbox.wordEffect": "What happens",
    "sandbox.events": "Trigger events",
  },
  zh: {
    "sandbox.nav": "沙箱",
    "sandbox.title": "沙箱",
    "sandbox.live": "正式环境开发者没有沙箱。",
    "sandbox.clock": "测试时钟",
    "sandbox.now": "沙箱时间（UTC+8）",
    "sandbox.speed": "速度",
    "sandbox.speedValue": "每真实秒 {speed} 沙箱秒",
    "sandbox.stopped": "已停止（仅在推进时移动）",
    "sandbox.pending": "待执行的卖家事件",
    "sandbox.nextEvent": "下一个事件时间",
    "sandbox.advance": "推进时间",
    "sandbox.duration": "时长",
    "sandbox.durationHelp": "\"45s\"、\"90m\"、\"3h\"、\"2d\"、\"1d12h\" 或毫秒数",
    "sandbox.advanced": "已从 {from} 推进到 {to}：执行 {ran} 个事件，失败 {failed} 个。",
    "sandbox.setSpeed": "设置速度",
    "sandbox.speedHelp": "0 停止时钟；60 表示每秒一分钟",
    "sandbox.speedSet": "当前速度 {speed}。",
    "sandbox.trigger": "立即触发卖家事件",
    "sandbox.event": "事件",
    "sandbox.orderId": "订单号",
    "sandbox.orderHelp": "淘宝订单号、taobaoPurchaseId（12 位）或 1688 订单号；给出退款单号时可不填",
    "sandbox.lineId": "行 ID（可选）",
    "sandbox.refundId": "退款单号（可选）",
    "sandbox.run": "触发",
    "sandbox.triggered": "{orderId} 上的 {event}：执行 {ran} 个事件，失败 {failed} 个。",
    "sandbox.reset": "重置",
    "sandbox.resetHelp": "清除控制台当前用户（{userId}）的沙箱状态。",
    "sandbox.resetButton": "重置该用户的沙箱",
    "sandbox.resetConfirm": "重置用户 {userId} 的沙箱？其沙箱状态将被清除。",
    "sandbox.resetDone": "已重置。",
    "sandbox.words": "场景关键词",
    "sandbox.wordsHelp": "在新订单的收货人姓名中（包裹场景则在集运下单的收件人姓名中）加入一个或多个关键词，即可演练异常情况；时序见 docs/sandbox-scenarios.md。",
    "sandbox.wordsCaption": "场景关键词及其效果",
    "sandbox.word": "关键词",
    "sandbox.wordOn": "填写位置",
    "sandbox.onOrder": "订单收货人姓名",
    "sandbox.onParcel": "包裹收件人姓名",
    "sandbox.wordScope": "作用范围",
    "sandbox.wordEffect": "效果",
    "sandbox.events": "可触发的事件",
  },
  th: {
    "sandbox.nav": "แซนด์บ็อกซ์",
    "sandbox.title": "แซนด์บ็อกซ์",
    "sandbox.live": "นักพัฒนาแบบใช้งานจริงไม่มีแซนด์บ็อกซ์",
    "sandbox.clock": "นาฬิกาทดสอบ",
    "sandbox.now": "เวลาแซนด์บ็อกซ์ (UTC+8)",
    "sandbox.speed": "ความเร็ว",
    "sandbox.speedValue": "{speed} วินาทีแซนด์บ็อกซ์ต่อ 1 วินาทีจริง",
    "sandbox.stopped": "หยุดอยู่ (เดินเฉพาะเมื่อเลื่อนเวลา)",
    "sandbox.pending": "เหตุการณ์ฝั่งผู้ขายที่รอดำเนินการ",
    "sandbox.nextEvent": "เหตุการณ์ถัดไปถึงกำหนดเมื่อ",
    "sandbox.advance": "เลื่อนเวลา",
    "sandbox.duration": "ระยะเวลา",
    "sandbox.durationHelp": "\"45s\", \"90m\", \"3h\", \"2d\", \"1d12h\" หรือมิลลิวินาที",
    "sandbox.advanced": "เลื่อนจาก {from} → {to}: ดำเนินการ {ran} เหตุการณ์ ล้มเหลว {failed}",
    "sandbox.setSpeed": "ตั้งความเร็ว",
    "sandbox.speedHelp": "0 หยุดนาฬิกา; 60 = หนึ่งนาทีต่อวินาที",
    "sandbox.speedSet": "ความเร็วตอนนี้คือ {speed}",
    "sandbox.trigger": "ทำให้เหตุการณ์ฝั่งผู้ขายเกิดขึ้นทันที",
    "sandbox.event": "เหตุการณ์",
    "sandbox.orderId": "รหัสคำสั่งซื้อ",
    "sandbox.orderHelp": "รหัสคำสั่งซื้อ Taobao, taobaoPurchaseId (12 หลัก) หรือ orderId ของ 1688; ไม่บังคับเมื่อระบุรหัสการคืนเงินแล้ว",
    "sandbox.lineId": "รหัสรายการ (ไม่บังคับ)",
    "sandbox.refundId": "รหัสการคืนเงิน (ไม่บังคับ)",
    "sandbox.run": "เรียกใช้",
    "sandbox.triggered": "{event} กับ {orderId}: ดำเนินการ {ran} เหตุการณ์ ล้มเหลว {failed}",
    "sandbox.reset": "รีเซ็ต",
    "sandbox.resetHelp": "ล้างสถานะแซนด์บ็อกซ์ของผู้ใช้ที่คอนโซลดำเนินการในนาม ({userId})",
    "sandbox.resetButton": "รีเซ็ตแซนด์บ็อกซ์ของผู้ใช้นี้",
    "sandbox.resetConfirm": "รีเซ็ตแซนด์บ็อกซ์ของผู้ใช้ {userId} หรือไม่? สถานะแซนด์บ็อกซ์ของผู้ใช้นี้จะถูกล้าง",
    "sandbox.resetDone": "รีเซ็ตแล้ว",
    "sandbox.words": "คำกำหนดสถานการณ์",
    "sandbox.wordsHelp": "ใส่คำเหล่านี้อย่างน้อยหนึ่งคำในชื่อผู้รับของคำสั่งซื้อใหม่ (หรือสำหรับพัสดุ ใส่ในชื่อผู้รับของการจอง) เพื่อซ้อมรับมือกรณีที่เกิดปัญหา ดูระยะเวลาได้ที่ docs/sandbox-scenarios.md",
    "sandbox.wordsCaption": "คำกำหนดสถานการณ์และผลของแต่ละคำ",
    "sandbox.word": "คำ",
    "sandbox.wordOn": "ใส่ไว้ใน",
    "sandbox.onOrder": "ชื่อผู้รับของคำสั่งซื้อ",
    "sandbox.onParcel": "ชื่อผู้รับของพัสดุ",
    "sandbox.wordScope": "เกี่ยวข้องกับ",
    "sandbox.wordEffect": "สิ่งที่เกิดขึ้น",
    "sandbox.events": "เรียกใช้เหตุการณ์",
  },
});

/** The `event` enum of POST /sandbox/trigger. */
const EVENTS = ["build", "build_fail", "price_change", "ship", "tracking", "deliver", "lose_parcel", "confirm_receipt", "refund_agree", "refund_refuse", "refund_ask_return", "return_receive", "return_refuse", "refund_timeout"];

function clockFacts(c) {
  return facts([
    [t("sandbox.now"), h("span", { "data-testid": "sandbox-now" }, c.nowText)],
    [t("sandbox.speed"), c.speed === 0 ? t("sandbox.stopped") : t("sandbox.speedValue", { speed: c.speed })],
    [t("sandbox.pending"), String(c.pendingEvents)],
    [t("sandbox.nextEvent"), c.nextEventAt ? new Date(c.nextEventAt + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ") : "—"],
  ]);
}

async function render(ctx) {
  if (!ctx.session.developer.sandbox) return h("div", { class: "dev-sandbox" }, h("h1", {}, t("sandbox.title")), h("p", {}, t("sandbox.live")));
  const clockBox = h("div", {});
  const showClock = (c) => clockBox.replaceChildren(clockFacts(c));
  const [clock, words] = await Promise.all([api("GET", "/sandbox/clock"), api("GET", "/sandbox/scenarios")]);
  showClock(clock);
  const stamp = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
  const advance = form([field(t("sandbox.duration"), { name: "duration", value: "1h", required: true, help: t("sandbox.durationHelp") })], {
    inline: true,
    submit: t("sandbox.advance"),
    label: t("sandbox.advance"),
    onSubmit: async (values) => {
      const raw = values.duration.trim();
      const res = await api("POST", "/sandbox/clock/advance", { body: { duration: /^\d+$/.test(raw) ? Number(raw) : raw } });
      showClock(res);
      return t("sandbox.advanced", { from: stamp(res.from), to: stamp(res.to), ran: res.ran, failed: res.failed });
    },
  });
  const speed = form([field(t("sandbox.speed"), { name: "speed", type: "number", value: String(clock.speed), min: "0", max: "1000000", step: "any", required: true, help: t("sandbox.speedHelp") })], {
    inline: true,
    submit: t("sandbox.setSpeed"),
    label: t("sandbox.setSpeed"),
    onSubmit: async (values) => {
      const res = await api("POST", "/sandbox/clock/speed", { body: { speed: Number(values.speed) } });
      showClock(res);
      return t("sandbox.speedSet", { speed: res.speed });
    },
  });
  const trigger = form(
    [
      field(t("sandbox.event"), { type: "select", name: "event", value: "ship", options: EVENTS.map((e) => [e, e]) }),
      field(t("sandbox.orderId"), { name: "orderId", value: ctx.query.get("orderId") ?? "", inputmode: "numeric", help: t("sandbox.orderHelp") }),
      field(t("sandbox.lineId"), { name: "lineId", inputmode: "numeric" }),
      field(t("sandbox.refundId"), { name: "refundId" }),
    ],
    {
      submit: t("sandbox.run"),
      label: t("sandbox.trigger"),
      onSubmit: async (values) => {
        const body = { event: values.event };
        for (const name of ["orderId", "lineId", "refundId"]) if (values[name].trim()) body[name] = values[name].trim();
        const res = await api("POST", "/sandbox/trigger", { body });
        showClock(res);
        return t("sandbox.triggered", { event: res.event, orderId: res.orderId, ran: res.ran, failed: res.failed });
      },
    },
  );
  const userId = ctx.session.userId;
  return h(
    "div",
    { class: "dev-sandbox" },
    h("h1", {}, t("sandbox.title")),
    section(t("sandbox.clock"), clockBox, h("h3", {}, t("sandbox.advance")), advance, h("h3", {}, t("sandbox.setSpeed")), speed),
    section(t("sandbox.trigger"), trigger),
    section(
      t("sandbox.reset"),
      h("p", {}, t("sandbox.resetHelp", { userId })),
      action(t("sandbox.resetButton"), async () => {
        await api("POST", "/sandbox/reset");
        showClock(await api("GET", "/sandbox/clock"));
        return t("sandbox.resetDone");
      }, { kind: "danger", confirmText: t("sandbox.resetConfirm", { userId }) }),
    ),
    section(
      t("sandbox.words"),
      h("p", {}, t("sandbox.wordsHelp")),
      table(t("sandbox.wordsCaption"), [
        [t("sandbox.word"), (w) => h("code", {}, w.word)],
        [t("sandbox.wordOn"), (w) => (w.on === "parcel" ? t("sandbox.onParcel") : t("sandbox.onOrder"))],
        [t("sandbox.wordScope"), (w) => w.scope],
        [t("sandbox.wordEffect"), (w) => Object.entries(w.effect).map(([platform, text]) => h("div", {}, h("strong", {}, platform === "alibaba" ? "1688" : "Taobao"), ": ", text))],
      ], words),
      h("h3", {}, t("sandbox.events")),
      h("ul", { class: "dev-words" }, EVENTS.map((e) => h("li", {}, h("code", {}, e)))),
    ),
  );
}

export default { path: "/dev/sandbox", kind: "developer", nav: "sandbox.nav", render };
