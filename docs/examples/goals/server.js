// "goals": a tiny web app that keeps one course goal in memory; Node's http module only.
const http = require("node:http");

const port = Number(process.env.PORT ?? 80);
const host = process.env.HOST ?? "0.0.0.0";
let goal = "Docker 배우기!";

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page() {
  return `<!DOCTYPE html>
<html lang="ko">
<head><meta charset="utf-8"><title>강의 목표</title></head>
<body>
  <h1>나의 강의 목표</h1>
  <p id="goal">${escapeHtml(goal)}</p>
  <form action="/store-goal" method="POST">
    <label for="goal-input">새 목표</label>
    <input type="text" id="goal-input" name="goal">
    <button>목표 저장</button>
  </form>
</body>
</html>
`;
}

const server = http.createServer((request, response) => {
  if (request.method === "GET" && request.url === "/") {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(page());
    return;
  }
  if (request.method === "POST" && request.url === "/store-goal") {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      goal = new URLSearchParams(body).get("goal")?.trim() || goal;
      response.writeHead(303, { Location: "/" });
      response.end();
    });
    return;
  }
  response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
  response.end("찾을 수 없습니다\n");
});

server.listen(port, host, () => {
  console.log(`listening on http://${host}:${server.address().port}`);
});
