"""Generate the check benchmark's corpus: N Markdown pages of Korean prose, each with K shell blocks.

    .venv/bin/python bench/check_corpus.py OUT_DIR [--pages 1000] [--blocks 5]

Deterministic (seeded), so two runs compare the same text.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PROSE = [
    "컨테이너는 이미지의 실행 인스턴스이며, 이미지 위에 얇은 쓰기 가능한 레이어를 더한 것이다.",
    "Dockerfile의 각 명령은 별도의 레이어를 만들고, 변경되지 않은 레이어는 캐시에서 재사용된다.",
    "detached 모드로 실행하면 터미널을 차지하지 않고 백그라운드에서 실행된다.",
    "`docker logs -f` 로 컨테이너의 출력을 계속 받아 볼 수 있다.",
    "자주 바뀌는 파일은 Dockerfile의 아래쪽에 두어야 빌드 속도가 빨라진다.",
    "볼륨을 사용하면 컨테이너가 삭제되어도 데이터를 유지할 수 있다.",
]
BLOCKS = [
    "# 노드 이미지 다운로드\ndocker pull node:latest\n\n# 노드 이미지 실행\ndocker run -it --rm node",
    "docker ps -a  # 모든 컨테이너를 표시\ndocker images",
    "docker build -f Dockerfile-rng -t section02-rng .\ndocker run -it section02-rng",
    '# 중지된 컨테이너 삭제\ndocker rm $(docker ps -aq -f "status=exited")\ndocker image prune -f',
    "docker run -d --name web -p 8080:80 nginx\ndocker logs web\ndocker stop web && docker rm web",
    "cat <<'EOF' > Dockerfile\nFROM node:latest\nWORKDIR /app\nCOPY . .\nEOF\ndocker build -t goals:latest .",
    "for name in web db; do\n  docker inspect --format '{{.State.Status}}' \"$name\"\ndone",
    "docker volume create data\ndocker run --rm -v data:/data busybox ls /data",
]


def page(rng: random.Random, number: int, blocks: int) -> str:
    parts = [f"# 섹션 {number:04d} - 이미지와 컨테이너\n"]
    for index in range(blocks):
        parts.append(f"## 주제 {index + 1}\n")
        parts.append(" ".join(rng.sample(PROSE, 3)) + "\n")
        parts.append("".join(f"- {line}\n" for line in rng.sample(PROSE, 2)))
        parts.append(f"```bash\n{rng.choice(BLOCKS)}\n```\n")
    return "\n".join(parts)


def generate(out: Path, pages: int = 1000, blocks: int = 5, seed: int = 2) -> Path:
    """Write OUT/docs/page-NNNN.md and OUT/docs/index.md; return the docs folder."""
    rng = random.Random(seed)
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# 벤치마크 코퍼스\n", encoding="utf-8")
    for number in range(1, pages + 1):
        (docs / f"page-{number:04d}.md").write_text(page(rng, number, blocks), encoding="utf-8")
    return docs


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--blocks", type=int, default=5)
    args = parser.parse_args()
    print(generate(args.out, args.pages, args.blocks))
