#include "clue/metrics/bert/torch_pickle.h"

#include <gtest/gtest.h>

#include "clue/metrics/bert/safetensors.h"
#include "clue/metrics/bert/tiny_bert_testing.h"

namespace clue::metrics::bert {
namespace {

std::string RefusalOf(std::string_view pickle) {
  size_t pos = 0;
  try {
    RestrictedUnpickle(pickle, &pos, nullptr);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(RestrictedUnpickle, RefusesOsSystemGlobal) {
  // pickle.dumps of a __reduce__ to os.system: PROTO 2, GLOBAL 'posix system', ..., REDUCE.
  const std::string p("\x80\x02" "cposix\nsystem\nq\x00X\x02\x00\x00\x00lsq\x01\x85q\x02Rq\x03.", 34);
  EXPECT_NE(RefusalOf(p).find("refused global 'posix.system'"), std::string::npos) << RefusalOf(p);
  const std::string q("\x80\x02" "cos\nsystem\n)R.", 16);
  EXPECT_NE(RefusalOf(q).find("refused global 'os.system'"), std::string::npos) << RefusalOf(q);
}

TEST(RestrictedUnpickle, RefusesStackGlobalOfBuiltins) {
  const std::string p("\x80\x04\x8c\x08" "builtins\x8c\x04" "eval\x93.", 20);
  EXPECT_NE(RefusalOf(p).find("refused global 'builtins.eval'"), std::string::npos) << RefusalOf(p);
}

TEST(RestrictedUnpickle, RefusesInstAndObjOpcodes) {
  EXPECT_NE(RefusalOf("(ios\nsystem\n.").find("refused opcode 0x69 (INST)"), std::string::npos);
  EXPECT_NE(RefusalOf("(o.").find("refused opcode 0x6f (OBJ)"), std::string::npos);
}

TEST(RestrictedUnpickle, RefusesCallingAStorageClass) {
  // torch.FloatStorage may appear inside a persistent id, but never be called.
  const std::string p("\x80\x02" "ctorch\nFloatStorage\n)R.", 25);
  EXPECT_NE(RefusalOf(p).find("refused REDUCE"), std::string::npos) << RefusalOf(p);
}

TEST(RestrictedUnpickle, GpuStorageClassesReadAsCpuOnes) {
  size_t pos = 0;
  PyPtr v = RestrictedUnpickle(std::string("\x80\x02" "ctorch.cuda\nHalfStorage\n.", 27), &pos, nullptr);
  EXPECT_EQ(v->kind, PyValue::Kind::kGlobal);
  EXPECT_EQ(v->s, "torch.HalfStorage");
}

TEST(RestrictedUnpickle, ReadsPlainContainers) {
  // pickle.dumps({"a": [1, -2, 300, 70000], "b": (True, None, 1.5)}, protocol=2)
  const std::string p(
      "\x80\x02}q\x00(X\x01\x00\x00\x00" "aq\x01]q\x02(K\x01J\xfe\xff\xff\xffM,\x01J"
      "p\x11\x01\x00" "eX\x01\x00\x00\x00" "bq\x03\x88NG?\xf8\x00\x00\x00\x00\x00\x00\x87q\x04u.",
      58);
  size_t pos = 0;
  PyPtr v = RestrictedUnpickle(p, &pos, nullptr);
  EXPECT_EQ(pos, p.size());
  ASSERT_EQ(v->kind, PyValue::Kind::kDict);
  ASSERT_EQ(v->items.size(), 4u);
  const auto& list = v->items[1]->items;
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[1]->i, -2);
  EXPECT_EQ(list[2]->i, 300);
  EXPECT_EQ(list[3]->i, 70000);
  EXPECT_EQ(v->items[3]->items[2]->f, 1.5);
}

TEST(TorchCheckpoint, MaliciousCheckpointIsRefusedWithoutRunningIt) {
  const std::string dir = testing::TinyModel("evil", "--malicious");
  try {
    ReadTorchCheckpoint(dir + "/pytorch_model.bin");
    FAIL() << "malicious checkpoint was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("refused global 'posix.system'"), std::string::npos)
        << e.what();
  }
}

TEST(TorchCheckpoint, ZipAndLegacyFormatsMatchSafetensors) {
  const std::string zip_dir = testing::TinyModel("tiny");
  const std::string legacy_dir = testing::TinyModel("tiny_legacy", "--formats legacy-bin");
  TensorMap st = ReadSafetensors(zip_dir + "/model.safetensors");
  for (const std::string& dir : {zip_dir, legacy_dir}) {
    TensorMap pt = ReadTorchCheckpoint(dir + "/pytorch_model.bin", [](const std::string& n) {
      return n.find("position_ids") == std::string::npos;  // int64 buffer: skipped, not converted
    });
    // Legacy names: "bert." prefix, gamma/beta, plus an MLM head bias.
    ASSERT_EQ(pt.size(), st.size() + 1) << dir;
    const Tensor& a = st.at("encoder.layer.1.output.LayerNorm.weight");
    const Tensor& b = pt.at("bert.encoder.layer.1.output.LayerNorm.gamma");
    EXPECT_EQ(a.shape, b.shape);
    EXPECT_EQ(a.data, b.data);
    EXPECT_EQ(st.at("embeddings.word_embeddings.weight").data,
              pt.at("bert.embeddings.word_embeddings.weight").data);
  }
  // Wanting the int64 buffer is a clear error rather than a silent conversion.
  EXPECT_THROW(ReadTorchCheckpoint(zip_dir + "/pytorch_model.bin"), std::runtime_error);
}

}  // namespace
}  // namespace clue::metrics::bert
