"""Several goals asked of pyDatalog against one table of subgoals.

`Literal.ask` starts an empty table for every query, so asking each reported head on its own
would derive membership and every shared helper again per head; gathering the heads under one
answer predicate costs a clause, a resolution step and a stored fact per row. Here each goal is
resolved by pyDatalog's own task loop (the loop `Literal.ask` runs) in one table kept across the
goals: what one goal derived, the next reads, and each head's rows are its own subgoal's answers.
"""
from __future__ import annotations

from pyDatalog import Logic, pyEngine


def ask_together(literals: list) -> list:
    """Per goal literal, its subgoal's answers: True (a ground goal that holds) or a dict of the
    answer literals, each with constant terms (empty: the goal does not hold)."""
    ts = Logic.tl.logic
    saved = ts.Tasks, ts.Recursive_Tasks, ts.Recursive, ts.Subgoals, ts.Goal
    ts.Tasks, ts.Recursive_Tasks, ts.Subgoals = pyEngine.TaskList(), pyEngine.TaskDeque(), {}
    ts.gc_uncollected = True
    try:
        out = []
        for literal in literals:
            tag = literal.get_tag()
            goal = ts.Subgoals.get(tag)
            if goal is None:
                goal = pyEngine.Subgoal(literal)
                ts.Subgoals[tag] = goal    # a later goal needing this one reads its table
                _run(ts, goal, (pyEngine.SEARCH, (goal,)))
            out.append(goal.facts)
        return out
    finally:
        ts.Tasks, ts.Recursive_Tasks, ts.Recursive, ts.Subgoals, ts.Goal = saved


def _run(ts, goal, task) -> None:
    """pyDatalog's task loop for one goal, then for what it left: a ground goal stops the loop at
    its first proof, with other subgoals' tasks pending; they are finished (under a goal that is
    never done) so that every subgoal in the table is complete before the next goal reads it."""
    ts.Goal, ts.Recursive = goal, False
    while True:
        todo, arg = task
        while todo is not None:
            res = todo(*arg)
            if res is None:
                break
            todo, arg = res
        if not (ts.Tasks or ts.Recursive_Tasks):
            return
        ts.Goal = keeper = pyEngine.Subgoal(goal.literal)    # not in the table: never done
        task = keeper.next_step()
