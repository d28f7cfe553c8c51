// The controls of the wrapper cases, in one translation unit: each case
// file with FFIKIT_CONTROL returns the owning counterpart of what it
// rejects, and all of them must compile. If one did not, its case would be
// failing for the wrong reason.
#define FFIKIT_CONTROL 1
#include "callback_returns_array_of_views.cpp"
#include "callback_returns_declared_view.cpp"
#include "callback_returns_expected_view.cpp"
#include "callback_returns_map_of_views.cpp"
#include "callback_returns_optional_view.cpp"
#include "callback_returns_pair_with_pointer.cpp"
#include "callback_returns_tuple_with_span.cpp"
#include "callback_returns_unique_ptr_to_view.cpp"
#include "callback_returns_variant_with_view.cpp"
#include "callback_returns_vector_of_spans.cpp"
