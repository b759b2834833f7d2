"""Terms defined in a report's glossary (附注, 名词解释) become gk:Term concepts with skos:definition."""

from kg.extract.terms import defined_terms


def test_numbered_and_bracketed_glossaries():
    text = (
        "正文最后一句。\n《政府工作报告》附注\n1.五化:绿化、美化、照明化、净化、智化。\n"
        "2.“三医”:医疗、医保、医药。\n3.“四个一批”项目:谋划一批、在建一批、开工一批、投用一批。"
    )
    assert [(t.label, t.definition) for t in defined_terms(text)] == [
        ("五化", "绿化、美化、照明化、净化、智化。"),
        ("三医", "医疗、医保、医药。"),
        ("“四个一批”项目", "谋划一批、在建一批、开工一批、投用一批。"),
    ]
    text = "正文。\n※名词解释※\n[1]“三重保障”:指基本医保、大病保险和医疗救助。\n[2]:“四个不摘”:即摘帽不摘责任。"
    assert [t.label for t in defined_terms(text)] == ["三重保障", "四个不摘"]


def test_numbered_lines_without_a_glossary_heading_are_not_terms():
    assert defined_terms("一、2023年工作回顾\n1.加快发展:推进项目建设。") == []


def test_seed_glossary_in_the_graph(seed_store):
    rows = {
        row["label"].value: row["definition"].value
        for row in seed_store.query(
            """SELECT ?label ?definition WHERE {
             ?r <https://w3id.org/govkg/ontology#sourceFile> "004_74a8b955ffb70513.txt" ;
                <https://w3id.org/govkg/ontology#mentions> ?t .
             ?t a <https://w3id.org/govkg/ontology#Term> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label ;
                <http://www.w3.org/2004/02/skos/core#definition> ?definition ;
                <http://www.w3.org/ns/prov#wasDerivedFrom>/<https://w3id.org/govkg/ontology#text> ?line }""",
            use_default_graph_as_union=True,
        )
    }
    assert len(rows) == 19
    assert rows["五化"] == "绿化、美化、照明化、净化、智化。"
    assert rows["三医"] == "医疗、医保、医药。"
