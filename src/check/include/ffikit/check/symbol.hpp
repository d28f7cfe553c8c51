/// @file
/// Every C symbol the checker watches, generated from watched_calls.def.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "ffikit/check/function.hpp"

namespace ffikit::check {

// The table is expanded with X-macros: only the preprocessor can turn one
// row into an enumerator, a table entry and (in intercept/) a C entry point.
// NOLINTBEGIN(cppcoreguidelines-macro-usage)

/// One watched C symbol ("openat", "__open_2", "fclose", ...).
enum class Symbol : unsigned char {
#define FFIKIT_CALL(symbol, function, ways, result, parameters, arguments) \
  symbol,
#define FFIKIT_VARIADIC(symbol, function, ways) symbol,
#include "ffikit/check/watched_calls.def"
#undef FFIKIT_CALL
#undef FFIKIT_VARIADIC
};

/// Where a symbol is watched.
enum class Ways : unsigned char {
  both,     ///< in-process (--wrap) and preloaded
  preload,  ///< preloaded only
};

/// One row of watched_calls.def.
struct SymbolInfo {
  const char* name;   ///< The C name.
  Function function;  ///< The operation it counts as.
  Ways ways;          ///< Where it is watched.
};

/// Every row of watched_calls.def, in its order.
inline constexpr std::array symbol_table = {
#define FFIKIT_CALL(symbol, function, ways, result, parameters, arguments) \
  SymbolInfo{#symbol, Function::function, Ways::ways},
#define FFIKIT_VARIADIC(symbol, function, ways) \
  SymbolInfo{#symbol, Function::function, Ways::ways},
#include "ffikit/check/watched_calls.def"
#undef FFIKIT_CALL
#undef FFIKIT_VARIADIC
};
// NOLINTEND(cppcoreguidelines-macro-usage)

/// Number of watched symbols.
inline constexpr std::size_t symbol_count = symbol_table.size();

/// The row of @p symbol.
constexpr const SymbolInfo& info(Symbol symbol) noexcept {
  return symbol_table[static_cast<std::size_t>(symbol)];
}

/// The C name of @p symbol ("openat").
constexpr const char* name(Symbol symbol) noexcept { return info(symbol).name; }

/// The operation @p symbol counts as.
constexpr Function function_of(Symbol symbol) noexcept {
  return info(symbol).function;
}

/// The first symbol of watched_calls.def that counts as @p function: its
/// plainest name ("open" for Function::open, "dup" for Function::dup).
constexpr Symbol primary_symbol(Function function) noexcept {
  for (std::size_t i = 0; i < symbol_count; ++i) {
    if (symbol_table[i].function == function) {
      return static_cast<Symbol>(i);
    }
  }
  return Symbol::open;
}

/// Parses a C name. @return std::nullopt for a name not in the table.
std::optional<Symbol> symbol_from_name(std::string_view text) noexcept;

}  // namespace ffikit::check
