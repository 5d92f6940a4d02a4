#include "clue/metrics/porter_stemmer.h"

#include <gtest/gtest.h>

namespace clue::metrics {
namespace {

// NLTK 3.8 nltk/test/stem.doctest ("Unit tests for the Porter stemmer"), default mode.
TEST(PorterStemmerTest, NltkDoctestPlurals) {
  const char* words[] = {"caresses", "flies",       "dies",        "mules",     "denied",
                         "died",     "agreed",      "owned",       "humbled",   "sized",
                         "meeting",  "stating",     "siezing",     "itemization",
                         "sensational", "traditional", "reference", "colonizer", "plotted"};
  const char* stems[] = {"caress", "fli",   "die",    "mule",   "deni",  "die",  "agre",
                         "own",    "humbl", "size",   "meet",   "state", "siez", "item",
                         "sensat", "tradit", "refer", "colon", "plot"};
  for (size_t i = 0; i < std::size(words); ++i) EXPECT_EQ(PorterStem(words[i]), stems[i]) << words[i];
}

// NLTK 3.8 nltk/test/unit/test_stem.py: test_oed_bug and test_lowercase_option.
TEST(PorterStemmerTest, NltkUnitTests) {
  EXPECT_EQ(PorterStem("oed"), "o");
  EXPECT_EQ(PorterStem("On"), "on");
  EXPECT_EQ(PorterStem("I"), "i");
  EXPECT_EQ(PorterStem("Github"), "github");
}

// NLTK_EXTENSIONS' irregular-forms table bypasses the rules.
TEST(PorterStemmerTest, IrregularForms) {
  EXPECT_EQ(PorterStem("skies"), "sky");
  EXPECT_EQ(PorterStem("dying"), "die");
  EXPECT_EQ(PorterStem("lying"), "lie");
  EXPECT_EQ(PorterStem("tying"), "tie");
  EXPECT_EQ(PorterStem("news"), "news");
  EXPECT_EQ(PorterStem("innings"), "inning");
  EXPECT_EQ(PorterStem("proceed"), "proceed");
  EXPECT_EQ(PorterStem("succeed"), "succeed");
}

// Worked by hand through the rules of nltk/stem/porter.py (NLTK_EXTENSIONS):
TEST(PorterStemmerTest, HandWorked) {
  EXPECT_EQ(PorterStem("running"), "run");      // 1b: -ing, double n -> single
  EXPECT_EQ(PorterStem("happy"), "happi");      // 1c: y after a consonant -> i
  EXPECT_EQ(PorterStem("enjoy"), "enjoy");      // 1c: y after a vowel stays
  EXPECT_EQ(PorterStem("ties"), "tie");         // 1a NLTK: 4-letter -ies -> -ie
  EXPECT_EQ(PorterStem("ponies"), "poni");      // 1a: -ies -> -i
  EXPECT_EQ(PorterStem("cats"), "cat");         // 1a: -s
  EXPECT_EQ(PorterStem("caress"), "caress");    // 1a: -ss stays
  EXPECT_EQ(PorterStem("feed"), "feed");        // 1b: eed with m(f)=0 stays
  EXPECT_EQ(PorterStem("hopeful"), "hope");     // 3: -ful; 5a keeps e after cvc "hop"
  EXPECT_EQ(PorterStem("relational"), "relat"); // 2: -ational -> -ate; 5a drops e (m=2)
  EXPECT_EQ(PorterStem("hopping"), "hop");      // 1b: double p -> single
  EXPECT_EQ(PorterStem("filing"), "file");      // 1b: m=1 and cvc -> add e
  EXPECT_EQ(PorterStem("controll"), "control"); // 5b: -ll with m>1
  EXPECT_EQ(PorterStem("roll"), "roll");        // 5b: m("rol")=1 keeps ll
  EXPECT_EQ(PorterStem("adoption"), "adopt");   // 4: -ion after t with m>1
  EXPECT_EQ(PorterStem("hypertension"), "hypertens");  // 4: -ion after s
  EXPECT_EQ(PorterStem("diabetes"), "diabet");  // 1a -s, 5a: m("diabet")=2 drops e
  EXPECT_EQ(PorterStem("a"), "a");              // length <= 2 is returned as is
  EXPECT_EQ(PorterStem("covid19s"), "covid19"); // digits count as consonants
}

}  // namespace
}  // namespace clue::metrics
