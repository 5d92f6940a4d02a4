#pragma once
// Applies a task's declarative row transforms (replace, pluck, join, lowercase) to loaded rows.
#include <vector>

#include "clue/data/dataset.h"
#include "clue/tasks/task_spec.h"

namespace clue::tasks {

// Rewrites rows in place. A transform whose source field is missing or of the wrong type is an
// InputError naming the data file, the row's line and the field.
void ApplyTransforms(const TaskSpec& task, data::Dataset& dataset);

}  // namespace clue::tasks
