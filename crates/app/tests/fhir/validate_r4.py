"""Checks a FHIR Bundle with an independent reader: fhir.resources (R4B models, pydantic).

Reads a JSON array of Bundles on stdin. Each Bundle is validated whole, and each entry's
resource again on its own as its own type. Prints one line per problem and exits 1 if any.
"""

import json
import sys

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle


def main() -> int:
    bundles = json.load(sys.stdin)
    problems = []
    resources = 0
    for number, bundle in enumerate(bundles):
        try:
            Bundle.model_validate(bundle)
        except Exception as error:  # noqa: BLE001 - every refusal is a finding
            problems.append(f"bundle {number}: {error}")
        for position, entry in enumerate(bundle.get("entry", [])):
            resource = entry["resource"]
            kind = resource["resourceType"]
            resources += 1
            try:
                get_fhir_model_class(kind).model_validate(resource)
            except Exception as error:  # noqa: BLE001
                problems.append(f"bundle {number} entry[{position}] {kind}: {error}")
    for problem in problems:
        print(problem)
    print(f"checked {len(bundles)} bundles, {resources} resources, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
