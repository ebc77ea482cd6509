"""Running the assistant on a machine: `cli` (`python -m bot ...`),
`supervisor` (starting and stopping the servers), `processes` (ports, the
environment, `rasa` commands), `rasa_config` (reading endpoints.yml and
credentials.yml), `chat` (the terminal chat) and `rest_client` (the one REST
client everything uses)."""
