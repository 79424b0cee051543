"""Reads a minimum and a maximum from stdin and prints a random whole number between them."""

from random import randint

minimum = int(input("최솟값을 입력하세요: "))
maximum = int(input("최댓값을 입력하세요: "))

if maximum < minimum:
    print("최댓값은 최솟값보다 작을 수 없습니다.")
else:
    print(randint(minimum, maximum))
