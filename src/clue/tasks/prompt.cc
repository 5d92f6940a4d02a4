#include "clue/tasks/prompt.h"

#include <kainjow/mustache.hpp>
#include <re2/re2.h>

#include "clue/data/input_error.h"

namespace clue::tasks {
namespace mus = kainjow::mustache;

namespace {

mus::data ToMustache(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mus::data d = mus::data::type::object;
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), ToMustache(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mus::data d = mus::data::type::list;
      for (const auto& v : j) d.push_back(ToMustache(v));
      return d;
    }
    case nlohmann::json::value_t::string:
      return mus::data(j.get<std::string>());
    case nlohmann::json::value_t::null:
      return mus::data(std::string());
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? mus::data::type::bool_true : mus::data::type::bool_false;
    default:
      return mus::data(j.dump());
  }
}

void CheckFieldsPresent(const std::string& tmpl, const nlohmann::json& fields,
                        const std::string& task_file, const std::string& field_name) {
  // Top-level variable tags only: {{name}}, {{{name}}}, {{&name}}. Sections may legitimately
  // reference absent keys.
  static const RE2 kTag(R"(\{\{\{?&?\s*([A-Za-z_][A-Za-z0-9_\-]*)\s*\}?\}\})");
  re2::StringPiece input(tmpl);
  std::string name;
  while (RE2::FindAndConsume(&input, kTag, &name)) {
    if (!fields.is_object() || !fields.contains(name))
      throw data::InputError(task_file, 0, field_name,
                             "template uses {{" + name + "}} but the data row has no field '" +
                                 name + "'");
  }
}

}  // namespace

std::string RenderTemplate(const std::string& tmpl, const nlohmann::json& fields,
                           const std::string& task_file, const std::string& field_name) {
  CheckFieldsPresent(tmpl, fields, task_file, field_name);
  mus::mustache m(tmpl);
  if (!m.is_valid())
    throw data::InputError(task_file, 0, field_name, "invalid mustache template: " + m.error_message());
  m.set_custom_escape([](const std::string& s) { return s; });
  return m.render(ToMustache(fields));
}

RenderedPrompt RenderPrompt(const TaskSpec& task, std::span<const nlohmann::json> shots,
                            const nlohmann::json& query) {
  RenderedPrompt out;
  std::vector<std::string> pieces;
  auto add = [&](const std::string& role, const std::string& text) {
    out.messages.push_back({role, text});
    pieces.push_back(text);
  };
  if (!task.system_prompt.empty()) add("system", task.system_prompt);
  for (const auto& shot : shots) {
    add("user", RenderTemplate(task.user_template, shot, task.file, "prompt.user"));
    add("assistant", RenderTemplate(task.assistant_template, shot, task.file, "prompt.assistant"));
  }
  add("user", RenderTemplate(task.user_template, query, task.file, "prompt.user"));
  out.assistant_prefix = task.assistant_prefix;
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (i) out.completion_prompt += "\n\n";
    out.completion_prompt += pieces[i];
  }
  out.completion_prompt += "\n\n" + task.assistant_prefix;
  return out;
}

}  // namespace clue::tasks
