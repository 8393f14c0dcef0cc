// Find help: progressive enhancement of the search's filters. The page works without this file.
//
// 1. The region list follows the country. Without JavaScript, the server lists the chosen
//    country's regions once the form is sent ("Update regions"); here, as soon as the country
//    changes. The regions come from the page (`json_script` "region-options"): no request.
// 2. The filters wait behind "Filter" on a phone (a <details>); on a wider screen the CSS shows
//    them open. A browser whose CSS cannot (no ::details-content) gets them opened here.

const options = document.getElementById("region-options");

function regionsFor(select, countries) {
  const country = document.getElementById(select.dataset.regionsOf);
  if (!country) return;
  const anyRegion = select.options[0].cloneNode(true); // "Any region", in the page's language

  function fill() {
    const chosen = select.value;
    const wanted = country.value ? countries.filter((entry) => entry.country === country.value) : countries;
    const option = ([code, name]) => new Option(name, code, false, code === chosen);
    select.replaceChildren(anyRegion.cloneNode(true));
    for (const entry of wanted) {
      if (country.value) {
        select.append(...entry.regions.map(option));
      } else {
        const group = document.createElement("optgroup");
        group.label = entry.name;
        group.append(...entry.regions.map(option));
        select.append(group);
      }
    }
    if (select.value !== chosen) select.value = ""; // a region of another country: any region
  }

  country.addEventListener("change", fill);
  fill();
}

if (options) {
  const countries = JSON.parse(options.textContent);
  for (const select of document.querySelectorAll("select[data-regions-of]")) regionsFor(select, countries);
}

const filters = document.querySelector("details.pp-filters");
const wide = window.matchMedia("(min-width: 40.0625em)");
if (filters && wide.matches && !CSS.supports("selector(::details-content)")) filters.open = true;
