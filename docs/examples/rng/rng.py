"""표준 입력에서 최솟값과 최댓값을 읽어, 그 사이의 정수 하나를 무작위로 골라 출력합니다."""

from random import randint

minimum = int(input("최솟값을 입력하세요: "))
maximum = int(input("최댓값을 입력하세요: "))

if maximum < minimum:
    print("최댓값은 최솟값보다 작을 수 없습니다.")
else:
    print(randint(minimum, maximum))
