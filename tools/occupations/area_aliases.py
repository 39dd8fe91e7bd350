"""Hand-written place knowledge that the BLS area names don't carry: nicknames, suburbs, state abbreviations.

Keys are written as `areas.normalize` leaves text: lower case, accents and apostrophes dropped, punctuation as
single spaces, periods after single letters dropped ("D.C." → "dc"). Targets are BLS area names exactly as the
OEWS release writes them (a test checks each one exists), so the table reads without a code book. A tuple
names the likeliest area first and plausible alternatives after it.
"""

from __future__ import annotations

SF = "San Francisco-Oakland-Fremont, CA"
SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA"
NYC = "New York-Newark-Jersey City, NY-NJ"
LA = "Los Angeles-Long Beach-Anaheim, CA"
DC = "Washington-Arlington-Alexandria, DC-VA-MD-WV"
RALEIGH = "Raleigh-Cary, NC"
DURHAM = "Durham-Chapel Hill, NC"

AREA_ALIASES: dict[str, str | tuple[str, ...]] = {
    # The Bay Area is two BLS metros; SF-Oakland is the larger one, San Jose (Silicon Valley) the alternative.
    "bay area": (SF, SAN_JOSE),
    "sf bay area": (SF, SAN_JOSE),
    "san francisco bay area": (SF, SAN_JOSE),
    "sf": SF,
    "san fran": SF,
    "sfba": (SF, SAN_JOSE),
    "east bay": SF,  # Oakland, Berkeley, Fremont: all in the SF-Oakland-Fremont metro
    "menlo park": SF,  # San Mateo County, which BLS puts in the SF metro, not San Jose's
    "silicon valley": SAN_JOSE,  # Santa Clara County: the San Jose-Sunnyvale-Santa Clara metro
    "palo alto": SAN_JOSE,
    "mountain view": SAN_JOSE,
    "cupertino": SAN_JOSE,
    "nyc": NYC,
    "new york city": NYC,
    "ny ny": NYC,
    "manhattan": NYC,  # the borough; "Manhattan, KS" (its own metro) comes back as the alternative
    "brooklyn": NYC,
    "queens": NYC,
    "bronx": NYC,
    "staten island": NYC,
    "long island": NYC,  # Nassau and Suffolk counties are in the New York-Newark-Jersey City metro
    "westchester": NYC,
    "la": LA,  # wins over the state code LA (Louisiana), which comes back as the alternative
    "orange county": LA,  # Anaheim, Irvine, Santa Ana: BLS counts Orange County in the LA metro
    "socal": (LA, "San Diego-Chula Vista-Carlsbad, CA", "Riverside-San Bernardino-Ontario, CA"),
    "inland empire": "Riverside-San Bernardino-Ontario, CA",
    "dc": DC,  # as a place to work "DC" means the metro; the District alone (a BLS "state") is the alternative
    "washington dc": DC,
    "dmv": DC,  # DC, Maryland, Virginia: the regional nickname for the Washington metro
    "nova": DC,
    "northern virginia": DC,
    "philly": "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD",
    "dfw": "Dallas-Fort Worth-Arlington, TX",
    "metroplex": "Dallas-Fort Worth-Arlington, TX",
    "twin cities": "Minneapolis-St. Paul-Bloomington, MN-WI",
    "nola": "New Orleans-Metairie, LA",
    "vegas": "Las Vegas-Henderson-North Las Vegas, NV",
    "atl": "Atlanta-Sandy Springs-Roswell, GA",
    "chi town": "Chicago-Naperville-Elgin, IL-IN",
    "chitown": "Chicago-Naperville-Elgin, IL-IN",
    "kc": "Kansas City, MO-KS",
    "stl": "St. Louis, MO-IL",
    "okc": "Oklahoma City, OK",
    "abq": "Albuquerque, NM",
    "slc": "Salt Lake City-Murray, UT",
    "salt lake": "Salt Lake City-Murray, UT",
    "pdx": "Portland-Vancouver-Hillsboro, OR-WA",
    "boise": "Boise City, ID",  # BLS names the metro after the city's legal name, Boise City
    "honolulu": "Urban Honolulu, HI",  # the Census name of the city is "Urban Honolulu"
    "redmond": "Seattle-Tacoma-Bellevue, WA",
    "research triangle": (RALEIGH, DURHAM),  # Raleigh and Durham are separate BLS metros
    "triangle": (RALEIGH, DURHAM),
    "rtp": (DURHAM, RALEIGH),  # Research Triangle Park itself is in Durham County
    "raleigh durham": (RALEIGH, DURHAM),
    "hampton roads": "Virginia Beach-Chesapeake-Norfolk, VA-NC",
    "tampa bay": "Tampa-St. Petersburg-Clearwater, FL",
    "south florida": "Miami-Fort Lauderdale-West Palm Beach, FL",
    "cape cod": "Barnstable Town, MA",  # Barnstable County is Cape Cod
    "amherst": "Amherst Town-Northampton, MA",
    # Nicknames people use for a city (the metro named after it).
    "big apple": NYC,
    "the big apple": NYC,
    "windy city": "Chicago-Naperville-Elgin, IL-IN",
    "chicagoland": "Chicago-Naperville-Elgin, IL-IN",
    "motor city": "Detroit-Warren-Dearborn, MI",
    "motown": "Detroit-Warren-Dearborn, MI",
    "beantown": "Boston-Cambridge-Newton, MA-NH",
    "h town": "Houston-Pasadena-The Woodlands, TX",
    "htown": "Houston-Pasadena-The Woodlands, TX",
    "mile high city": "Denver-Aurora-Centennial, CO",
    "atx": "Austin-Round Rock-San Marcos, TX",
    "phx": "Phoenix-Mesa-Chandler, AZ",
    "music city": "Nashville-Davidson--Murfreesboro--Franklin, TN",
    "nawlins": "New Orleans-Metairie, LA",
    "big easy": "New Orleans-Metairie, LA",
    "sin city": "Las Vegas-Henderson-North Las Vegas, NV",
    "satx": "San Antonio-New Braunfels, TX",
    # Misspellings too far from the name for the fuzzy match to be sure (ratio < 0.88).
    "pheonix": "Phoenix-Mesa-Chandler, AZ",
    "tuscon": "Tucson, AZ",
}

# Words that mean "no particular place": the answer is the national figure.
NATIONAL_WORDS = frozenset({
    "remote", "wfh", "anywhere", "us", "usa", "america", "nationwide", "national", "nationally", "states",
    "telecommute", "virtual", "distributed", "country", "countrywide",
})
# Words that may surround them without naming a place ("remote in the US", "anywhere in the United States").
NATIONAL_FILLERS = frozenset({
    "in", "the", "of", "from", "only", "based", "work", "home", "united", "within", "across", "whole",
    "fully", "100", "first", "friendly", "position", "job", "role", "any", "where", "location", "locations",
})
# Work-arrangement words dropped when a place comes with them ("Remote - Austin, TX", "hybrid in Denver").
WORK_ARRANGEMENT_WORDS = frozenset({"remote", "hybrid", "onsite", "wfh", "telecommute"})
# Country names dropped from the end of a place ("Austin, TX, USA").
COUNTRY_SUFFIXES = ("united states of america", "united states", "usa", "us", "america")

# Postal abbreviations of the BLS states and territories, by FIPS code (the area's state_code).
STATE_POSTAL: dict[str, str] = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE", "11": "DC",
    "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA", "20": "KS", "21": "KY",
    "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT",
    "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND", "39": "OH",
    "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT",
    "50": "VT", "51": "VA", "53": "WA", "54": "WV", "55": "WI", "56": "WY", "66": "GU", "72": "PR", "78": "VI",
}

# Traditional (AP / GPO style) state abbreviations that differ from the postal ones, normalized.
STATE_ABBREVIATIONS: dict[str, str] = {
    "ala": "AL", "alas": "AK", "ariz": "AZ", "ark": "AR", "cal": "CA", "calif": "CA", "colo": "CO", "conn": "CT",
    "del": "DE", "fla": "FL", "haw": "HI", "ida": "ID", "ill": "IL", "ind": "IN", "kan": "KS", "kans": "KS",
    "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mont": "MT", "neb": "NE", "nebr": "NE",
    "nev": "NV", "n mex": "NM", "nmex": "NM", "n dak": "ND", "ndak": "ND", "okla": "OK", "ore": "OR",
    "oreg": "OR", "penn": "PA", "penna": "PA", "s dak": "SD", "sdak": "SD", "tenn": "TN", "tex": "TX",
    "wash": "WA", "w va": "WV", "wva": "WV", "wis": "WI", "wisc": "WI", "wyo": "WY",
}

# Real city names with a hyphen: BLS metro names join principal cities with "-", so these must not be split.
HYPHENATED_CITIES = ("Winston-Salem", "Wilkes-Barre")
