"""The use-case layer: every operation a shell (the CLI, the web app) offers, as one function or session object
taking a `Context` (the store, the user it acts for, a clock, an rng, the grader) and returning plain data.

    context      Context, LOCAL_USER
    library      import, the built-in deck, list, search, show, duplicates, remove a source
    grading      grade_question: the one way answers are graded (reference rule, Grader protocol)
    marks        marked answers (per user unless shared)
    study        settings, the queue, rate, undo, bury, own answers, attempts
    study_session  a study sitting whose state is stored (any process continues it)
    stats        `mldrill stats` and the home screen
    optimize     fitting personal FSRS parameters
    interviews   plan, create, finish, reports, ratings
    interview_run  sitting an interview (state in the store)

Nothing here prints, reads the real clock or imports a shell; see docs/architecture.md.
"""
