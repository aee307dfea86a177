"""Study like the real exam: mock exams, readiness, a plan to an exam date, mix-ups, digests."""
