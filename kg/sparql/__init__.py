"""The SPARQL stage: a graph file loaded into an engine (`store`), the saved queries and their results (`query`,
`queries/*.rq`)."""
