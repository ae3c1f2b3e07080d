// Competency frameworks a program can adopt: the ones Coursemap ships (ACGME, CanMEDS 2015, AAMC Core EPAs,
// IPEC 2023, AACN Essentials 2021, AAMC PCRS; resources/frameworks/, each naming its source), a copy of one
// already in the map, or one read from a 1EdTech CASE package. Adopting one adds it as a single edit.
#pragma once

#include "coursemap/edit/Change.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coursemap {

struct CompetencyTemplate
{
    std::string code;
    std::string title;
    std::string description;
    std::vector<CompetencyTemplate> children;
    std::string identifier; // the CASE item's identifier, or the AAMC PCRS id
    std::string uri;
    std::vector<Association> associations; // beyond isChildOf to its parent; competencyId unset
};

struct FrameworkTemplate
{
    std::string key; // "ipec-2023" for the shipped ones; empty otherwise
    Framework framework; // name, publisher, version, description
    std::string source; // the citation the competencies come from, with its address
    std::vector<CompetencyTemplate> competencies;
    // What the import noticed and decided (an item with two parents: which one it keeps), for the user.
    std::vector<std::string> warnings;
};

std::span<const FrameworkTemplate> builtInFrameworks();
// By key ("ipec-2023") or name, ignoring case, spaces, hyphens and underscores; null when there is none.
const FrameworkTemplate* findBuiltInFramework(std::string_view keyOrName);

// A framework of the map as a template, to adopt a copy of it and edit that.
FrameworkTemplate frameworkTemplate(const DocumentData& data, Id frameworkId);

// Reads a 1EdTech CASE 1.0 package (CFPackage JSON: CFDocument, CFItems, CFAssociations): items become
// competencies with their identifiers and URIs, isChildOf associations their tree, ordered by sequenceNumber
// (else listEnumeration, else humanCodingScheme; numerically: "L1.2" before "L1.10"); every other association
// (exactMatchOf, isRelatedTo, precedes, exemplar, a second isChildOf, ...) is kept on its origin item. An
// item with two parents keeps the first in the file, and a warning names both. Throws Error(InvalidInput)
// naming each problem at its JSON pointer.
FrameworkTemplate importCaseFramework(std::string_view json, std::string_view source = "the CASE file");

// A framework of the map as a CASE package (CFDocument, CFItems, CFAssociations) that importCaseFramework
// reads back to the same framework: identifiers kept where the map has them, made up (stable UUIDs derived
// from the map's ids) where not.
// changedAt is the lastChangeDateTime written (now, UTC, when empty).
std::string exportCaseFramework(const DocumentData& data, Id frameworkId, std::string_view changedAt = {});
// The CASE identifier and URI exportCaseFramework writes for a competency of the map: the ones it keeps, else
// made up from the program's institution and name and the competency's id. Another package's crosswalk to an
// exported framework names these.
std::pair<std::string, std::string> caseIdentifiers(const DocumentData& data, const Competency& competency);
// The map's framework by its code ("ACGME"), name or id; null when none.
const Framework* findFramework(const DocumentData& data, std::string_view codeOrName);

// Natural order of codes: digit runs compare as numbers ("L1.2" before "L1.10"); true when a comes first.
bool naturalLess(std::string_view a, std::string_view b);

// Plans adding the framework and its competencies as one Change. The source, when there is one, ends the
// framework's description. Throws Error naming what does not fit (an empty title, a text too long, a
// framework of the same name and version adopted already).
Change planAddFramework(const DocumentData& data, const FrameworkTemplate& framework, Id nextId);

} // namespace coursemap
