#include "clue/metrics/bert/wordpiece.h"

#include <gtest/gtest.h>

namespace clue::metrics::bert {
namespace {

using Tokens = std::vector<std::string>;

// Expected tokenisations are the cases of transformers' tests/models/bert/test_tokenization_bert.py
// (the reference slow BertTokenizer's documented behaviour).

TEST(BasicTokenize, Chinese) {
  EXPECT_EQ(BasicTokenize("ah\u535A\u63A8zz", {}), (Tokens{"ah", "\u535A", "\u63A8", "zz"}));
}

TEST(BasicTokenize, Lower) {
  BasicTokenizerOptions o;
  EXPECT_EQ(BasicTokenize(" \tHeLLo!how  \n Are yoU?  ", o),
            (Tokens{"hello", "!", "how", "are", "you", "?"}));
  EXPECT_EQ(BasicTokenize("H\u00E9llo", o), (Tokens{"hello"}));
}

TEST(BasicTokenize, LowerStripAccentsFalse) {
  BasicTokenizerOptions o;
  o.strip_accents = 0;
  EXPECT_EQ(BasicTokenize(" \tHäLLo!how  \n Are yoU?  ", o),
            (Tokens{"hällo", "!", "how", "are", "you", "?"}));
  EXPECT_EQ(BasicTokenize("H\u00E9llo", o), (Tokens{"h\u00E9llo"}));
}

TEST(BasicTokenize, LowerStripAccentsTrueAndDefault) {
  for (int strip : {1, -1}) {
    BasicTokenizerOptions o;
    o.strip_accents = strip;
    EXPECT_EQ(BasicTokenize(" \tHäLLo!how  \n Are yoU?  ", o),
              (Tokens{"hallo", "!", "how", "are", "you", "?"}));
    EXPECT_EQ(BasicTokenize("H\u00E9llo", o), (Tokens{"hello"}));
  }
}

TEST(BasicTokenize, NoLower) {
  BasicTokenizerOptions o;
  o.do_lower_case = false;
  EXPECT_EQ(BasicTokenize(" \tHeLLo!how  \n Are yoU?  ", o),
            (Tokens{"HeLLo", "!", "how", "Are", "yoU", "?"}));
  o.strip_accents = 0;
  EXPECT_EQ(BasicTokenize(" \tHäLLo!how  \n Are yoU?  ", o),
            (Tokens{"HäLLo", "!", "how", "Are", "yoU", "?"}));
  o.strip_accents = 1;
  EXPECT_EQ(BasicTokenize(" \tHäLLo!how  \n Are yoU?  ", o),
            (Tokens{"HaLLo", "!", "how", "Are", "yoU", "?"}));
}

TEST(BasicTokenize, NeverSplit) {
  BasicTokenizerOptions o;
  o.do_lower_case = false;
  EXPECT_EQ(BasicTokenize(" \tHeLLo!how  \n Are yoU? [UNK]", o, {"[UNK]"}),
            (Tokens{"HeLLo", "!", "how", "Are", "yoU", "?", "[UNK]"}));
}

TEST(BasicTokenize, SplitsOnPunctuation) {
  EXPECT_EQ(BasicTokenize("a\n'll !!to?'d of, can't.", {}),
            (Tokens{"a", "'", "ll", "!", "!", "to", "?", "'", "d", "of", ",", "can", "'", "t", "."}));
}

TEST(BasicTokenize, RemovesControlAndFormatChars) {
  // LRM/RLM (Cf) and soft hyphen vanish; NUL and U+FFFD too; U+00A0 (Zs) splits words.
  EXPECT_EQ(BasicTokenize("\u200E\u200F", {}), Tokens{});
  std::string text("a\0b", 3);
  text += "\xEF\xBF\xBD" "c\u00A0d";
  EXPECT_EQ(BasicTokenize(text, {}), (Tokens{"abc", "d"}));
}

class WordPieceTest : public ::testing::Test {
 protected:
  // The vocabulary of BertTokenizationTest.setUp.
  WordPieceTokenizer tok{{"[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]", "want", "##want", "##ed",
                          "wa", "un", "runn", "##ing", ",", "low", "lowest"},
                         BasicTokenizerOptions{}};
};

TEST_F(WordPieceTest, WordPieces) {
  EXPECT_EQ(tok.WordPieces(""), Tokens{});
  EXPECT_EQ(tok.WordPieces("unwanted running"), (Tokens{"un", "##want", "##ed", "runn", "##ing"}));
  EXPECT_EQ(tok.WordPieces("unwantedX running"), (Tokens{"[UNK]", "runn", "##ing"}));
  EXPECT_EQ(tok.WordPieces(std::string(101, 'a')), Tokens{"[UNK]"});  // > 100 characters
}

TEST_F(WordPieceTest, FullTokenizer) {
  Tokens t = tok.Tokenize("UNwant\u00E9d,running");
  EXPECT_EQ(t, (Tokens{"un", "##want", "##ed", ",", "runn", "##ing"}));
  std::vector<int32_t> ids;
  for (const auto& s : t) ids.push_back(tok.TokenId(s));
  EXPECT_EQ(ids, (std::vector<int32_t>{9, 6, 7, 12, 10, 11}));
}

TEST_F(WordPieceTest, CleanText) {
  EXPECT_EQ(tok.Tokenize("Test"), Tokens{"[UNK]"});
  EXPECT_EQ(tok.Tokenize("\xC2\xAD"), Tokens{});
  EXPECT_EQ(tok.Tokenize("test"), Tokens{"[UNK]"});
}

TEST_F(WordPieceTest, SpecialTokensInTextStayWhole) {
  // The added-token split keeps [MASK] intact and uncased; the rest is lowercased.
  EXPECT_EQ(tok.Tokenize("LOW[MASK]lowest"), (Tokens{"low", "[MASK]", "lowest"}));
}

TEST_F(WordPieceTest, EncodeAddsSpecialsStripsAndHandlesEmpty) {
  // bert_score: sent.strip(); "" -> [CLS][SEP].
  EXPECT_EQ(tok.Encode("  \n "), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(tok.Encode(" low, lowest\t"), (std::vector<int32_t>{1, 13, 12, 14, 2}));
}

TEST(WordPieceTruncation, KeepsClsFirstPiecesSep) {
  WordPieceTokenizer tok({"[UNK]", "[CLS]", "[SEP]", "a", "b"}, BasicTokenizerOptions{}, 5);
  EXPECT_EQ(tok.Encode("a b a b a b"), (std::vector<int32_t>{1, 3, 4, 3, 2}));
}

TEST(WordPieceVocab, MissingSpecialTokenIsAnError) {
  EXPECT_THROW(WordPieceTokenizer({"[UNK]", "[CLS]"}, BasicTokenizerOptions{}), std::runtime_error);
}

}  // namespace
}  // namespace clue::metrics::bert
