#include "clue/metrics/concepts/dictionary.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "clue/data/input_error.h"

namespace clue::metrics::concepts {
namespace {

const std::string kData = "../shared/datasets/";

std::string WriteTemp(const std::string& name, const std::string& body) {
  auto dir = std::filesystem::temp_directory_path() / "clue_dict_test";
  std::filesystem::create_directories(dir);
  std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << body;
  return path;
}

std::string ErrorOf(const std::string& spec) {
  try {
    LoadDictionary(spec);
  } catch (const data::InputError& e) {
    return e.what();
  }
  return "";
}

// Counts checked independently:
// zcat doid_2016-09-01.obo.gz | /usr/bin/python3 -c "import sys,re; st=sys.stdin.read().split('\n[');
//   t=[s for s in st if s.startswith('Term]')]; l=[s for s in t if 'is_obsolete: true' not in s];
//   print(len(l), sum(len(re.findall(r'^synonym: \".*\" (EXACT|RELATED)',s,re.M)) for s in l))"
//   -> 6971 11995
TEST(DictionaryTest, DiseaseOntologyObo) {
  Dictionary d = LoadDictionary(kData + "vocab_disease_ontology/doid_2016-09-01.obo.gz");
  EXPECT_EQ(d.size(), 6971u);
  EXPECT_EQ(d.name_count(), 6971u + 11995u);
  const Concept* c = d.Find("obo:DOID:0001816");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->canonical, "angiosarcoma");
  ASSERT_EQ(c->synonyms.size(), 1u);
  EXPECT_EQ(c->synonyms[0], "hemangiosarcoma");
}

// python3 csv.DictReader over doid_lexicon.tsv: 12246 distinct doid, 23433 rows.
TEST(DictionaryTest, DiseaseOntologyLexicon) {
  Dictionary d = LoadDictionary(kData + "vocab_disease_ontology/doid_lexicon.tsv");
  EXPECT_EQ(d.size(), 12246u);
  EXPECT_EQ(d.name_count(), 23433u);
  EXPECT_EQ(d.Find("lexicon:DOID:0001816")->canonical, "angiosarcoma");
}

// awk -F'\t' 'NR>1 && $4!="True"' hpo_lexicon_en.tsv | cut -f3 | sort | uniq -c
//   -> 19676 label, 6061 layperson_synonym_2021
TEST(DictionaryTest, HpoLexiconSkipsObsolete) {
  Dictionary d = LoadDictionary(kData + "vocab_hpo/hpo_lexicon_en.tsv");
  EXPECT_EQ(d.size(), 19676u);
  EXPECT_EQ(d.name_count(), 19676u + 6061u);
  EXPECT_EQ(d.Find("lexicon:HP:0000002")->canonical, "Abnormality of body height");
}

// zcat mesh2024_descriptor_terms.tsv.gz | tail -n +2 | cut -f1 | sort -u | wc -l -> 30764;
// rows (tail -n +2 | wc -l) -> 263936.
TEST(DictionaryTest, MeshTsvGzip) {
  Dictionary d = LoadDictionary(kData + "vocab_mesh/mesh2024_descriptor_terms.tsv.gz");
  EXPECT_EQ(d.size(), 30764u);
  EXPECT_EQ(d.name_count(), 30764u + 263936u);
  const Concept* c = d.Find("mesh:D000001");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->canonical, "Calcimycin");
  EXPECT_EQ(c->synonyms[2], "A-23187");
}

// python3 csv.DictReader: 17430 rows; sum of non-empty '|'-split Synonyms = 39982.
TEST(DictionaryTest, DrugBankCsv) {
  Dictionary d = LoadDictionary(kData + "vocab_drugbank/drugbank_vocabulary.csv");
  EXPECT_EQ(d.size(), 17430u);
  EXPECT_EQ(d.name_count(), 17430u + 39982u);
  const Concept* c = d.Find("drugbank:DB00001");
  EXPECT_EQ(c->canonical, "Lepirudin");
  ASSERT_EQ(c->synonyms.size(), 6u);
  EXPECT_EQ(c->synonyms[0], "[Leu1, Thr2]-63-desulfohirudin");  // comma inside quotes
}

TEST(DictionaryTest, UmlsPreferredNameEnglishNonSuppressed) {
  const std::string rrf =
      "C0011849|ENG|S|L1|PF|S1|Y|A1||||MSH|ET|D003920|Diabetes|0|N||\n"
      "C0011849|ENG|P|L2|PF|S2|Y|A2||||MSH|MH|D003920|Diabetes Mellitus|0|N||\n"
      "C0011849|GER|P|L3|PF|S3|Y|A3||||MSHGER|MH|D003920|Zuckerkrankheit|0|N||\n"
      "C0011849|ENG|S|L4|VO|S4|N|A4||||MSH|ET|D003920|DM old|0|O||\n"
      "C0020538|ENG|P|L5|PF|S5|N|A5||||SNOMED|PT|1|High blood pressure|0|N||\n"
      "C0020538|ENG|P|L6|PF|S6|Y|A6||||MSH|MH|D0|Hypertension|0|N||\n";
  Dictionary d = LoadDictionary("umls:" + WriteTemp("MRCONSO.RRF", rrf));
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d.Find("umls:C0011849")->canonical, "Diabetes Mellitus");
  EXPECT_EQ(d.Find("umls:C0011849")->synonyms.size(), 2u);  // German and suppressed left out
  EXPECT_EQ(d.Find("umls:C0020538")->canonical, "Hypertension");
  EXPECT_NE(ErrorOf(WriteTemp("MRCONSO.RRF", "C1|ENG|P\n")).find("MRCONSO.RRF:1: MRCONSO: expected 18"),
            std::string::npos);
}

TEST(DictionaryTest, MeshAsciiBin) {
  const std::string bin =
      "*NEWRECORD\nRECTYPE = D\nMH = Diabetes Mellitus, Type 2\n"
      "ENTRY = Diabetes Mellitus, Noninsulin-Dependent|T049|EQV|NLM (1980)|ABX|D003924\n"
      "PRINT ENTRY = NIDDM|T049|ABB|NLM (1979)|ABX|D003924\nUI = D003924\n\n"
      "*NEWRECORD\nMH = Hypertension\nUI = D006973\n";
  Dictionary d = LoadDictionary(WriteTemp("d2024.bin", bin));
  ASSERT_EQ(d.size(), 2u);
  const Concept* c = d.Find("mesh:D003924");
  EXPECT_EQ(c->canonical, "Diabetes Mellitus, Type 2");
  EXPECT_EQ(c->synonyms, (std::vector<std::string>{"Diabetes Mellitus, Noninsulin-Dependent", "NIDDM"}));
  EXPECT_NE(ErrorOf(WriteTemp("bad.bin", "*NEWRECORD\nMH = X\n")).find("bad.bin:1: UI: record without a UI"),
            std::string::npos);
}

TEST(DictionaryTest, OboSkipsObsoleteAndBroadSynonyms) {
  const std::string obo =
      "format-version: 1.2\n\n[Term]\nid: X:1\nname: kidney failure\n"
      "synonym: \"renal \\\"failure\\\"\" EXACT []\nsynonym: \"organ failure\" BROAD []\n"
      "synonym: \"uremia\" RELATED []\n\n[Term]\nid: X:2\nname: old\nis_obsolete: true\n\n"
      "[Typedef]\nid: part_of\nname: part of\n";
  Dictionary d = LoadDictionary(WriteTemp("t.obo", obo));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.Find("obo:X:1")->synonyms, (std::vector<std::string>{"renal \"failure\"", "uremia"}));
  EXPECT_NE(ErrorOf(WriteTemp("u.obo", "[Term]\nid: X:3\nname: a\nsynonym: \"open EXACT []\n"))
                .find("u.obo:4: synonym: unterminated quoted string"),
            std::string::npos);
}

TEST(DictionaryTest, SimpleTsvAndCombining) {
  std::string p = WriteTemp("mine.tsv", "# comment\nK1\tmyocardial infarction\theart attack\tMI\n");
  Dictionary a = LoadDictionary(p);
  EXPECT_EQ(a.Find("tsv:K1")->synonyms, (std::vector<std::string>{"heart attack", "MI"}));
  Dictionary b = LoadDictionary(kData + "vocab_disease_ontology/doid_lexicon.tsv");
  b.Merge(a);
  EXPECT_EQ(b.size(), 12246u + 1u);
  EXPECT_NE(ErrorOf(WriteTemp("bad.tsv", "K1\tok\n\tmissing id\n")).find("bad.tsv:2: id: empty"),
            std::string::npos);
  EXPECT_NE(ErrorOf(WriteTemp("one.tsv", "K1\n")).find("one.tsv:1: canonical:"), std::string::npos);
  EXPECT_NE(ErrorOf("/nonexistent/x.tsv").find("/nonexistent/x.tsv: cannot open"),
            std::string::npos);
}

TEST(DictionaryTest, CorruptGzipIsAnError) {
  std::string p = WriteTemp("broken.tsv.gz", std::string("\x1f\x8b\x08\x00garbage", 12));
  EXPECT_NE(ErrorOf(p).find("corrupt or truncated gzip"), std::string::npos);
}

}  // namespace
}  // namespace clue::metrics::concepts
