// "goals": 강의 목표 하나를 메모리에 기억하는 작은 웹 앱입니다. Node의 http 모듈만 씁니다.
const http = require("node:http");

const port = Number(process.env.PORT ?? 80);
const host = process.env.HOST ?? "0.0.0.0";
let goal = "Docker 배우기!";

// 사용자가 입력한 목표를 HTML에 그대로 넣지 않도록 특수 문자를 바꿉니다.
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
  // 폼이 보낸 새 목표를 저장하고 첫 페이지로 돌려보냅니다(303).
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
