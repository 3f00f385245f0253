// The floor of bench/fanout.py: a bare socket.io server that only rebroadcasts.
// Same namespace and messages as Accord's /live (subscribe -> join the room, ack), and
// POST /publish {"room", "event"} emits the event to the room: no database, no policy.
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const port = Number(process.argv[2] || process.env.PORT || 0);
const server = http.createServer({ noDelay: true }, (req, res) => {
  if (req.method === "POST" && req.url === "/publish") {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      live.to(body.room).emit("event", body.event);
      res.writeHead(201, { "Content-Type": "application/json" });
      res.end("{}");
    });
    return;
  }
  if (req.method === "GET" && req.url === "/health") {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ ok: true, rss: process.memoryUsage().rss }));
    return;
  }
  if (!req.url.startsWith("/socket.io/")) {
    res.writeHead(404);
    res.end();
  }
});
const io = new Server(server, { transports: ["websocket", "polling"] });
const live = io.of("/live");
live.on("connection", (socket) => {
  socket.on("subscribe", (message, ack) => {
    socket.join(`p${message.process_id}`);
    if (typeof ack === "function") {
      ack({ ok: true, process_id: message.process_id, head_seq: message.last_seq,
            replayed: 0, reload: false, role: "delegate" });
    }
  });
});
server.listen(port, "127.0.0.1", () => {
  console.log(`peer serving on ${server.address().port}`);
});
