"""Pure-Python domain layer: questionnaire editions, branching, answers, rules.

Never imports Qt, SQLite or reportlab.
"""
