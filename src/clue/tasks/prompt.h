#pragma once
// Renders a task's templates into the request a model sees: chat messages (system, shots, query)
// and the equivalent plain-text prompt CLUE's 2024 code sent to base models.
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/backends/backend.h"
#include "clue/tasks/task_spec.h"

namespace clue::tasks {

// Mustache rendering without HTML escaping (prompts are not HTML). Throws
// data::InputError(task file, 0, field, ...) when the template names a field the row lacks:
// a silent empty substitution would change the prompt unnoticed.
std::string RenderTemplate(const std::string& tmpl, const nlohmann::json& fields,
                           const std::string& task_file, const std::string& field_name);

struct RenderedPrompt {
  std::vector<backends::ChatMessage> messages;
  std::string completion_prompt;  // sys \n\n user1 \n\n asst1 ... \n\n query \n\n prefix
  std::string assistant_prefix;
};

RenderedPrompt RenderPrompt(const TaskSpec& task, std::span<const nlohmann::json> shots,
                            const nlohmann::json& query);

}  // namespace clue::tasks
