"""The daily quiz: question bank, rounds, scores, spaced review and the scheduler."""
