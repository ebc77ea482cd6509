"""The role-play, free of Rasa: `content` (loading and checking the YAML),
`engine` (one engine for every scenario), `rubric` (the recap's feedback),
`safety` (recognising a crisis, the reply), `demos` and `demo_script` (demo
mode), `handout` (facilitators' handouts), `lemmas` (the small spaCy pipeline).

Nothing here imports Rasa, so it runs the same in the action server, in the
Rasa server's extensions and in a test."""
