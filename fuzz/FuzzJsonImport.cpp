// libFuzzer target: the JSON importer. Any input either is refused with an Error, or imports into a map whose
// export imports back to the same map and exports to the same bytes (as nlohmann's own round-trip fuzzer).
#include "coursemap/Error.h"
#include "coursemap/interchange/JsonFormat.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto map = coursemap::importJson(text);
        const auto exported = coursemap::exportJson(map);
        const auto again = coursemap::importJson(exported);
        if (!(again == map) || coursemap::exportJson(again) != exported)
            std::abort();
    } catch (const coursemap::Error&) {
        // Refused with a message: what bad input should get.
    }
    return 0;
}
