"""Quality of a built graph: SHACL validation (`validate`) and scores against gold answers (`evaluate`)."""
