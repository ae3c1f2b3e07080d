// `coursemap`: the course-map checks and exports of Coursemap Studio, without a screen, for batch jobs.
#include "Commands.h"
#include "StandardStreams.h"
#include "coursemap/Error.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <regex>

namespace {

// CLI11 says "--course-weeks: At Most 1 required but received 2" for an option given twice.
std::string clearer(const CLI::ParseError& e)
{
    static const std::regex atMost(R"((.*): At Most 1 required but received (\d+))");
    std::smatch m;
    const std::string what = e.what();
    if (std::regex_match(what, m, atMost))
        return m[1].str() + " is given " + m[2].str() + " times; give it once.";
    return what;
}

int runCommand(int argc, char** argv)
{
    CLI::App app {
        "coursemap: check, edit and export Coursemap Studio course maps (.coursemap files).\n"
        "Exit codes: 0 success, 1 findings at or above the chosen severity, 2 usage or input error.",
        "coursemap"
    };
    app.set_version_flag("--version", "coursemap 0.1.0");
    bool verbose = false;
    app.add_flag("-v,--verbose", verbose, "Log details to standard error");
    app.require_subcommand(1);
    app.fallthrough();

    coursemap::cli::Run run;
    coursemap::cli::addNewCommand(app, run);
    coursemap::cli::addImportCommand(app, run);
    coursemap::cli::addExportCommand(app, run);
    coursemap::cli::addStatsCommand(app, run);
    coursemap::cli::addApplyCommand(app, run);
    coursemap::cli::addCheckCommand(app, run);
    coursemap::cli::addAcknowledgeCommand(app, run);
    coursemap::cli::addRulesCommand(app, run);
    coursemap::cli::addObjectivesCommand(app, run);
    coursemap::cli::addImportCsvCommand(app, run);
    coursemap::cli::addFrameworkCommand(app, run);
    coursemap::cli::addHeatMapCommand(app, run);
    coursemap::cli::addReviewCommands(app, run);
    coursemap::cli::addRecoverCommand(app, run);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ArgumentMismatch& e) {
        std::cerr << clearer(e) << "\nRun with --help for more information.\n";
        return 2;
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }

    auto logger = spdlog::stderr_color_mt("coursemap");
    logger->set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
    spdlog::set_default_logger(logger);

    try {
        return run ? run() : 2;
    } catch (const coursemap::Error& e) {
        std::cerr << "coursemap: " << e.message() << "\n";
        if (!e.detail().empty())
            spdlog::debug("{}", e.detail());
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "coursemap: unexpected error: " << e.what() << "\n";
        return 2;
    }
}

} // namespace

int main(int argc, char** argv)
{
    coursemap::cli::StandardStream out(std::cout, 1);
    coursemap::cli::StandardStream err(std::cerr, 2);
    const int code = runCommand(argc, argv);
    return coursemap::cli::closeStandardOutput(code, out);
}
