#!/usr/bin/env python3
"""Generate the SYNTHETIC decree-596 example model for `courtier plan`.

Migration waves under Décret 596-2020: the health (RSSS) and education (REES) networks move their workloads out of
their data centres onto the cloud broker's qualified offers, in monthly periods over a 24-month horizon
(2027-01-01 .. 2028-12-31), within each supplier's (and some organisations' own) migration capacity per month.
A few ministries and agencies already awarded their earlier waves (committed.csv).

Writes agencies.csv, suppliers.csv, offers.csv (copied from cti-2025), needs.csv, estimates.csv, capacities.csv,
consumption.csv, migrations.csv, precedences.csv, period_capacities.csv and committed.csv beside this script.
Python 3 standard library only; deterministic: every run writes byte-identical files. Run check.py afterwards.

All companies, prices, efforts and capacities are invented. Public organisation names are real and used only for
realism: nothing here describes their actual systems, needs or contracts.

Usage: python3 generate.py
"""

import calendar
import csv
import io
import math
import os
import random

SEED = 5962020  # Décret 596-2020
HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(SEED)

# Plan horizon (the scenario's): 24 monthly periods from 2027-01; January 2027 is frozen (committed only).
HORIZON_START = (2027, 1)
N_PERIODS = 24
NETWORK_DEADLINE = {"rsss": (2028, 6), "rees": (2028, 12), "ministry": (2028, 12), "agency": (2028, 12)}

# suppliers.csv and offers.csv: byte-for-byte copies of ../cti-2025 (check.py compares them).
SUPPLIERS_CSV = """\
id,name,role,quebec_firm
ARPENT,Arpent Technologies,reseller,true
AZURITE,Azurite Platforms,provider,false
BOREAL,Boréal Data,both,true
CHAUDIERE,Conseil numérique Chaudière,reseller,true
CORVID,Corvid Data Services,reseller,false
FLEUVE,Intégrations Fleuve,reseller,true
HALYARD,Halyard Integration Group,reseller,false
KESTREL,Kestrel Nuage Canada,reseller,false
LATTICE,Lattice & Loom Cloud,reseller,false
LAURENTIDES,Solutions TI Laurentides,reseller,true
MAPLEGRID,Maplegrid Cloud,provider,false
NIMBUS,Nimbus Cloud Services,provider,false
NORDET,Nordet Infonuagique,both,true
ORRERY,Orrery Digital,reseller,false
QUILLON,Quillon Tech Partners,reseller,false
SEXTANT,Sextant Cloud Partners,reseller,false
STRATOS,Stratos Compute,provider,false
TESSELLATE,Tessellate Systems,reseller,false
"""

OFFERS_CSV = """\
id,provider,reseller,category,qualified,regions,certifications
AZURITE-IAAS-FLEUVE,AZURITE,FLEUVE,IaaS,true,ca-central;ca-on;eu-west,iso27001;soc2;pci-dss
AZURITE-IAAS-KESTREL,AZURITE,KESTREL,IaaS,false,ca-central;ca-on;eu-west,iso27001;soc2;pci-dss
AZURITE-IAAS-ORRERY,AZURITE,ORRERY,IaaS,true,ca-central;ca-on;eu-west,iso27001;soc2;pci-dss
AZURITE-PAAS-ARPENT,AZURITE,ARPENT,PaaS,true,qc;ca-central,iso27001;soc2;cccs-medium;pci-dss
AZURITE-PAAS-LATTICE,AZURITE,LATTICE,PaaS,true,qc;ca-central,iso27001;soc2;cccs-medium;pci-dss
AZURITE-PAAS-ORRERY,AZURITE,ORRERY,PaaS,true,qc;ca-central,iso27001;soc2;cccs-medium
AZURITE-SAAS-CHAUDIERE,AZURITE,CHAUDIERE,SaaS,true,qc;ca-central;us-east,iso27001;soc2;cccs-medium;pci-dss
AZURITE-SAAS-QUILLON,AZURITE,QUILLON,SaaS,true,ca-central;us-east,iso27001;soc2;cccs-medium;pci-dss
AZURITE-SAAS-TESSELLATE,AZURITE,TESSELLATE,SaaS,true,qc;ca-central;us-east,iso27001;soc2;cccs-medium
BOREAL-IAAS-ARPENT,BOREAL,ARPENT,IaaS,true,qc,iso27001;soc2
BOREAL-IAAS-BOREAL,BOREAL,BOREAL,IaaS,true,qc,iso27001;soc2
BOREAL-SAAS-BOREAL,BOREAL,BOREAL,SaaS,true,qc,iso27001;soc2;cccs-medium;pci-dss
BOREAL-SAAS-CHAUDIERE,BOREAL,CHAUDIERE,SaaS,true,qc,iso27001;soc2;cccs-medium;pci-dss
BOREAL-SAAS-LAURENTIDES,BOREAL,LAURENTIDES,SaaS,true,qc,iso27001;soc2;cccs-medium;pci-dss
MAPLEGRID-IAAS-ARPENT,MAPLEGRID,ARPENT,IaaS,true,qc;ca-on,iso27001;cccs-medium
MAPLEGRID-IAAS-KESTREL,MAPLEGRID,KESTREL,IaaS,true,qc;ca-on,iso27001;cccs-medium
MAPLEGRID-PAAS-CORVID,MAPLEGRID,CORVID,PaaS,false,ca-on;ca-central,iso27001;soc2;cccs-medium
MAPLEGRID-PAAS-FLEUVE,MAPLEGRID,FLEUVE,PaaS,true,ca-on;ca-central,iso27001;soc2;cccs-medium
NIMBUS-IAAS-HALYARD,NIMBUS,HALYARD,IaaS,true,qc;ca-central;us-east,iso27001;soc2;cccs-medium;pci-dss
NIMBUS-IAAS-LAURENTIDES,NIMBUS,LAURENTIDES,IaaS,true,qc;ca-central;us-east,iso27001;soc2;cccs-medium;pci-dss
NIMBUS-IAAS-ORRERY,NIMBUS,ORRERY,IaaS,true,qc;ca-central;us-east,iso27001;soc2;cccs-medium
NIMBUS-IAAS-TESSELLATE,NIMBUS,TESSELLATE,IaaS,true,ca-central;us-east,iso27001;soc2;cccs-medium;pci-dss
NIMBUS-PAAS-FLEUVE,NIMBUS,FLEUVE,PaaS,true,qc;ca-central;us-east,iso27001;soc2;cccs-medium;pci-dss
NIMBUS-PAAS-HALYARD,NIMBUS,HALYARD,PaaS,true,qc;ca-central;us-east,iso27001;soc2;cccs-medium;pci-dss
NIMBUS-PAAS-QUILLON,NIMBUS,QUILLON,PaaS,true,qc;ca-central;us-east,iso27001;soc2;cccs-medium;pci-dss
NIMBUS-SAAS-ARPENT,NIMBUS,ARPENT,SaaS,true,ca-central;us-east,iso27001;soc2;pci-dss
NIMBUS-SAAS-CORVID,NIMBUS,CORVID,SaaS,true,ca-central;us-east,iso27001;soc2;pci-dss
NIMBUS-SAAS-HALYARD,NIMBUS,HALYARD,SaaS,true,ca-central;us-east,iso27001;soc2;pci-dss
NIMBUS-SAAS-SEXTANT,NIMBUS,SEXTANT,SaaS,false,ca-central;us-east,iso27001;soc2;pci-dss
NORDET-IAAS-CHAUDIERE,NORDET,CHAUDIERE,IaaS,true,qc,iso27001;soc2;cccs-medium
NORDET-IAAS-LAURENTIDES,NORDET,LAURENTIDES,IaaS,true,qc,iso27001;soc2;cccs-medium
NORDET-IAAS-NORDET,NORDET,NORDET,IaaS,true,qc,iso27001;soc2;cccs-medium
NORDET-PAAS-FLEUVE,NORDET,FLEUVE,PaaS,true,qc,iso27001;soc2
NORDET-PAAS-NORDET,NORDET,NORDET,PaaS,true,qc,iso27001;soc2
STRATOS-IAAS-CHAUDIERE,STRATOS,CHAUDIERE,IaaS,true,qc;ca-on;us-east,iso27001;soc2;cccs-medium;pci-dss
STRATOS-IAAS-KESTREL,STRATOS,KESTREL,IaaS,true,qc;ca-on;us-east,iso27001;soc2;pci-dss
STRATOS-IAAS-TESSELLATE,STRATOS,TESSELLATE,IaaS,true,ca-on;us-east,iso27001;soc2;cccs-medium;pci-dss
STRATOS-PAAS-LATTICE,STRATOS,LATTICE,PaaS,true,ca-on;us-east;us-west,iso27001;soc2;cccs-medium
STRATOS-PAAS-QUILLON,STRATOS,QUILLON,PaaS,true,ca-on;us-east;us-west,iso27001;soc2;cccs-medium
STRATOS-PAAS-SEXTANT,STRATOS,SEXTANT,PaaS,false,ca-on;us-east;us-west,iso27001;soc2;cccs-medium
STRATOS-SAAS-CORVID,STRATOS,CORVID,SaaS,true,qc;ca-on,iso27001;soc2;cccs-medium
STRATOS-SAAS-LATTICE,STRATOS,LATTICE,SaaS,true,qc;ca-on,iso27001;soc2
STRATOS-SAAS-LAURENTIDES,STRATOS,LAURENTIDES,SaaS,true,qc;ca-on,iso27001;soc2;cccs-medium
"""

# Price behaviour per supplier (same as cti-2025): provider -> (price multiplier, score bias),
# reseller -> (margin multiplier, support bias), bid weight per offer (how often it answers).
PROVIDER_PRICE = {"NIMBUS": (0.87, 4), "STRATOS": (1.02, 2), "AZURITE": (1.00, 5), "MAPLEGRID": (1.06, -2),
                  "NORDET": (1.19, 0), "BOREAL": (1.21, -1)}
RESELLER_PRICE = {"HALYARD": (0.975, -3), "TESSELLATE": (1.00, 0), "ORRERY": (1.01, 1), "QUILLON": (1.00, 0),
                  "CORVID": (1.02, -1), "KESTREL": (1.01, 2), "LATTICE": (0.99, 0), "SEXTANT": (1.03, 1),
                  "LAURENTIDES": (1.12, 8), "FLEUVE": (1.13, 7), "CHAUDIERE": (1.12, 8), "ARPENT": (1.13, 6),
                  "NORDET": (1.00, 6), "BOREAL": (1.00, 6)}
BID = {"HALYARD": 0.95, "TESSELLATE": 0.5, "ORRERY": 0.5, "QUILLON": 0.55, "CORVID": 0.5, "KESTREL": 0.45,
       "LATTICE": 0.55, "SEXTANT": 0.3, "LAURENTIDES": 0.45, "FLEUVE": 0.35, "CHAUDIERE": 0.4, "ARPENT": 0.45,
       "NORDET": 0.7, "BOREAL": 0.65}

# --------------------------------------------------------------------------------------------
# Public organisations: (id, name, network, number of needs, has large workloads)
# --------------------------------------------------------------------------------------------
AGENCIES = [
    # ministries and agencies whose earlier waves (Décret 38-2019) are already awarded
    ("MSSS", "Ministère de la Santé et des Services sociaux", "ministry", 9, False),
    ("MEQ", "Ministère de l'Éducation", "ministry", 8, False),
    ("MES", "Ministère de l'Enseignement supérieur", "ministry", 6, False),
    ("RAMQ", "Régie de l'assurance maladie du Québec", "agency", 9, True),
    ("INSPQ", "Institut national de santé publique du Québec", "agency", 6, False),
    # health and social services network (RSSS)
    ("CHUM", "Centre hospitalier de l'Université de Montréal", "rsss", 9, True),
    ("CUSM", "Centre universitaire de santé McGill", "rsss", 8, True),
    ("CHU-QC", "CHU de Québec - Université Laval", "rsss", 8, True),
    ("CHU-SJ", "CHU Sainte-Justine", "rsss", 6, True),
    ("CIUSSS-CN", "CIUSSS de la Capitale-Nationale", "rsss", 8, True),
    ("CIUSSS-CSMTL", "CIUSSS du Centre-Sud-de-l'Île-de-Montréal", "rsss", 7, True),
    ("CIUSSS-NIM", "CIUSSS du Nord-de-l'Île-de-Montréal", "rsss", 6, False),
    ("CIUSSS-EMTL", "CIUSSS de l'Est-de-l'Île-de-Montréal", "rsss", 5, False),
    ("CIUSSS-ESTRIE", "CIUSSS de l'Estrie - CHUS", "rsss", 7, True),
    ("CIUSSS-MCQ", "CIUSSS de la Mauricie-et-du-Centre-du-Québec", "rsss", 5, False),
    ("CIUSSS-SLSJ", "CIUSSS du Saguenay–Lac-Saint-Jean", "rsss", 4, False),
    ("CISSS-MC", "CISSS de la Montérégie-Centre", "rsss", 6, False),
    ("CISSS-MO", "CISSS de la Montérégie-Ouest", "rsss", 4, False),
    ("CISSS-LAV", "CISSS de Laval", "rsss", 5, False),
    ("CISSS-LAN", "CISSS de Lanaudière", "rsss", 5, False),
    ("CISSS-OUT", "CISSS de l'Outaouais", "rsss", 5, False),
    ("CISSS-BSL", "CISSS du Bas-Saint-Laurent", "rsss", 4, False),
    ("CISSS-CA", "CISSS de Chaudière-Appalaches", "rsss", 5, False),
    # education and higher-education network (REES)
    ("ULAVAL", "Université Laval", "rees", 7, True),
    ("UQAM", "Université du Québec à Montréal", "rees", 6, True),
    ("USHERBROOKE", "Université de Sherbrooke", "rees", 6, True),
    ("UQTR", "Université du Québec à Trois-Rivières", "rees", 5, False),
    ("UQAC", "Université du Québec à Chicoutimi", "rees", 4, False),
    ("CSSDM", "Centre de services scolaire de Montréal", "rees", 6, True),
    ("CSSC", "Centre de services scolaire de la Capitale", "rees", 4, False),
    ("CSSMI", "Centre de services scolaire des Mille-Îles", "rees", 4, False),
    ("CSSMB", "Centre de services scolaire Marguerite-Bourgeoys", "rees", 6, False),
    ("CSSPS", "Centre de services scolaire des Premières-Seigneuries", "rees", 4, False),
    ("CSSL", "Centre de services scolaire de Laval", "rees", 5, False),
    ("CEGEP-GARNEAU", "Cégep Garneau", "rees", 4, False),
    ("CEGEP-MAISONNEUVE", "Collège de Maisonneuve", "rees", 4, False),
    ("CEGEP-LIMOILOU", "Cégep Limoilou", "rees", 4, False),
    ("CEGEP-SHERBROOKE", "Cégep de Sherbrooke", "rees", 3, False),
    ("CEGEP-VIEUX-MTL", "Cégep du Vieux Montréal", "rees", 3, False),
]

# --------------------------------------------------------------------------------------------
# Workloads: network -> size class -> [(title, category, personal-info probability, pci)]
# --------------------------------------------------------------------------------------------
IDENTITY = ("Service d'annuaire et de gestion des identités", "IaaS", 0.8, False)
WORKLOADS = {
    "rsss": {
        "small": [("Messagerie et collaboration", "SaaS", 0.6, False),
                  ("Migration des serveurs de fichiers", "IaaS", 0.7, False),
                  ("Intranet de l'établissement", "PaaS", 0.1, False),
                  ("Prise de rendez-vous en ligne", "SaaS", 1.0, False),
                  ("Solution de gestion des plaintes des usagers", "SaaS", 1.0, False),
                  ("Serveurs d'impression et de numérisation", "IaaS", 0.3, False),
                  ("Application de gestion des stocks de la pharmacie", "IaaS", 0.5, False),
                  ("Gestion des requêtes TI", "SaaS", 0.1, False),
                  ("Sauvegarde des postes de travail", "IaaS", 0.8, False),
                  ("Application de suivi des équipements biomédicaux", "PaaS", 0.1, False),
                  ("Formulaires en ligne pour les usagers", "SaaS", 0.9, False)],
        "medium": [("Migration du système d'information de laboratoire", "IaaS", 1.0, False),
                   ("Plateforme de télésanté", "PaaS", 1.0, False),
                   ("Hébergement du système de gestion des lits", "IaaS", 1.0, False),
                   ("Intégration des données cliniques (HL7/FHIR)", "PaaS", 1.0, False),
                   ("Gestion des horaires du personnel soignant", "SaaS", 0.9, False),
                   ("Entrepôt de données cliniques", "PaaS", 1.0, False),
                   ("Hébergement du système de pharmacie", "IaaS", 1.0, False)],
        "large": [("Hébergement du dossier clinique informatisé (DCI)", "IaaS", 1.0, False),
                  ("Hébergement du système d'imagerie médicale (PACS)", "IaaS", 1.0, False),
                  ("Migration du progiciel de gestion intégré (finances, RH, approvisionnement)", "IaaS", 0.9,
                   False)],
    },
    "rees": {
        "small": [("Messagerie et collaboration", "SaaS", 0.4, False),
                  ("Site Web institutionnel", "PaaS", 0.05, False),
                  ("Migration des serveurs de fichiers pédagogiques", "IaaS", 0.4, False),
                  ("Communication école-famille", "SaaS", 0.9, False),
                  ("Bibliothèque numérique", "SaaS", 0.2, False),
                  ("Laboratoires informatiques virtuels", "IaaS", 0.1, False),
                  ("Solution de paiement des frais scolaires", "SaaS", 0.6, True),
                  ("Gestion des requêtes TI", "SaaS", 0.1, False),
                  ("Sondages et formulaires en ligne", "SaaS", 0.3, False),
                  ("Sauvegarde des serveurs administratifs", "IaaS", 0.6, False)],
        "medium": [("Système de gestion des apprentissages", "SaaS", 0.6, False),
                   ("Modernisation du système d'admission", "PaaS", 0.9, False),
                   ("Plateforme de données pour la recherche", "PaaS", 0.4, False),
                   ("Hébergement du dossier étudiant", "IaaS", 1.0, False),
                   ("Gestion du transport scolaire", "IaaS", 0.7, False)],
        "large": [("Migration du système d'information sur les étudiants", "IaaS", 1.0, False),
                  ("Migration du progiciel de gestion intégré (finances et RH)", "IaaS", 0.9, False),
                  ("Calcul haute performance pour la recherche", "IaaS", 0.1, False)],
    },
    "ministry": {
        "small": [("Messagerie et collaboration", "SaaS", 0.2, False),
                  ("Migration des serveurs de fichiers", "IaaS", 0.3, False),
                  ("Gestion électronique des documents", "SaaS", 0.4, False),
                  ("Gestion des demandes d'accès à l'information", "SaaS", 0.7, False),
                  ("Site Web et intranet", "PaaS", 0.05, False),
                  ("Solution de gestion des services TI", "SaaS", 0.1, False),
                  ("Sondages et formulaires en ligne", "SaaS", 0.3, False),
                  ("Migration de l'environnement de préproduction", "IaaS", 0.1, False)],
        "medium": [("Plateforme d'analytique et de tableaux de bord", "PaaS", 0.3, False),
                   ("Plateforme d'intégration (API) interministérielle", "PaaS", 0.3, False),
                   ("Hébergement de l'entrepôt de données ministériel", "IaaS", 0.5, False),
                   ("Hébergement des applications patrimoniales", "IaaS", 0.4, False),
                   ("Base de données gérée pour le registre", "PaaS", 0.6, False)],
        "large": [("Hébergement du système de facturation des professionnels de la santé", "IaaS", 1.0, False)],
    },
}
WORKLOADS["agency"] = WORKLOADS["ministry"]
SIZE_MIX = {"big": (0.50, 0.32, 0.18), "normal": (0.66, 0.34, 0.0)}   # small, medium, large
PRICE_RANGE = {"small": (22000, 120000), "medium": (160000, 850000), "large": (1000000, 4300000)}
DAYS_RANGE = {"small": (7, 24), "medium": (35, 120), "large": (180, 480)}
DAYS_CLAMP = {"small": (5, 30), "medium": (25, 150), "large": (150, 600)}
LEGACY_RANGE = {"small": (500, 4000), "medium": (4000, 18000), "large": (20000, 90000)}

# Supplier migration capacity (migration_days per monthly period), from 2027-01-01; ramp-ups from 2027-07-01.
PERIOD_CAPACITY = {
    "NIMBUS": 200, "HALYARD": 150, "AZURITE": 125, "STRATOS": 125, "MAPLEGRID": 80, "NORDET": 110, "BOREAL": 95,
    "TESSELLATE": 55, "ORRERY": 65, "QUILLON": 50, "CORVID": 40, "KESTREL": 55, "LATTICE": 55, "SEXTANT": 25,
    "LAURENTIDES": 65, "FLEUVE": 45, "CHAUDIERE": 70, "ARPENT": 55,
}
RAMP_UP = {"NORDET": ("2027-07-01", 150), "LAURENTIDES": ("2027-07-01", 95)}
# Headroom over the capacities above: at 1.0 the busiest providers are full most months and the plan is a tight
# bin-packing problem; with 30 % more, capacity still binds in places (the first months, the agency teams) while
# HiGHS proves a good plan quickly.
CAPACITY_HEADROOM = 1.3


def headroom(limit):
    """A monthly capacity with the headroom, rounded up to a multiple of 5."""
    return math.ceil(limit * CAPACITY_HEADROOM / 5) * 5
AGENCY_TEAMS = ["CHUM", "CUSM", "CHU-QC", "CIUSSS-CN"]   # own migration team, migration_days per month
# Total (whole-horizon) limits in capacities.csv: generous, for the Quebec firms only.
TOTAL_CAPACITY_SUPPLIERS = ["NORDET", "BOREAL", "LAURENTIDES", "CHAUDIERE"]

N_COMMITTED_DONE = 20
N_COMMITTED_UNDERWAY = 10
N_OWN_DEADLINE = 10
N_EARLIEST = 15
N_NO_MIGRATION_ROW = 3
CHAIN_AGENCIES = ["CHUM", "CUSM", "CHU-QC", "CIUSSS-CN", "ULAVAL"]   # identity service first, then apps
N_WITH_PAIRS = 4


def fmt_money(x):
    return f"{x:.2f}"


def loguniform(lo, hi):
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def period_of(y, m):
    return (y - HORIZON_START[0]) * 12 + (m - HORIZON_START[1])


def month_of(p):
    y, m = divmod(HORIZON_START[1] - 1 + p, 12)
    return HORIZON_START[0] + y, m + 1


def first_day(p):
    y, m = month_of(p)
    return f"{y:04d}-{m:02d}-01"


def last_day(p):
    y, m = month_of(p)
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def read_table(text):
    return list(csv.DictReader(io.StringIO(text)))


def load_offers():
    offers = {}
    for r in read_table(OFFERS_CSV):
        offers[r["id"]] = {"id": r["id"], "provider": r["provider"], "reseller": r["reseller"],
                           "category": r["category"], "qualified": r["qualified"] == "true",
                           "regions": r["regions"].split(";"), "certifications": r["certifications"].split(";")}
    return offers


def can_serve(need, o):
    return (o["qualified"] and o["category"] == need["category"]
            and (not need["pi"] or "qc" in o["regions"])
            and all(c in o["certifications"] for c in need["certs"]))


def build_needs(offers):
    needs = []
    for aid, _, net, count, big in AGENCIES:
        pools = {k: list(v) for k, v in WORKLOADS[net].items()}
        for k in pools:
            rng.shuffle(pools[k])
        classes = []
        if aid in CHAIN_AGENCIES:
            classes.append(("medium", IDENTITY))
        mix = SIZE_MIX["big" if big else "normal"]
        while len(classes) < count:
            cls = rng.choices(["small", "medium", "large"], mix)[0]
            if not pools[cls]:
                continue
            classes.append((cls, pools[cls].pop()))
        if big and not any(c == "large" for c, _ in classes):   # every big organisation has one large workload
            classes[-1] = ("large", pools["large"].pop())
        for cls, (title, cat, p_pi, pci) in classes:
            pi = rng.random() < p_pi
            certs = []
            if rng.random() < (0.8 if pi else 0.5):
                certs.append("iso27001")
            if rng.random() < 0.2:
                certs.append("soc2")
            if rng.random() < (0.35 if pi else 0.1):
                certs.append("cccs-medium")
            if pci:
                certs.append("pci-dss")
            term = 36 if cls == "large" else rng.choices([12, 24, 36], [0.15, 0.35, 0.5])[0]
            needs.append({"agency": aid, "network": net, "title": title, "category": cat, "pi": pi,
                          "certs": certs, "term": term, "cls": cls, "identity": title == IDENTITY[0]})
    for n in needs:   # at least two providers must be able to serve every need: relax the certifications
        while len({o["provider"] for o in offers.values() if can_serve(n, o)}) < 2:
            n["certs"].remove(next(c for c in ["pci-dss", "cccs-medium", "soc2", "iso27001"] if c in n["certs"]))
    rng.shuffle(needs)   # ids follow the order requests reached the broker, not the organisations
    for i, n in enumerate(needs, 1):
        n["id"] = f"M-{i:04d}"
        n["value"] = loguniform(*PRICE_RANGE[n["cls"]]) * (0.55 + 0.45 * n["term"] / 36)   # whole-term price level
        n["days"] = rng.uniform(*DAYS_RANGE[n["cls"]])
        if n["cls"] == "small":
            n["periods"] = 1
        elif n["cls"] == "medium":
            n["periods"] = 2 if n["days"] < 70 else 3
        else:
            n["periods"] = min(8, max(4, math.ceil(n["days"] / 60)))
        n["legacy"] = loguniform(*LEGACY_RANGE[n["cls"]])
    return needs


def make_estimate(need, o, region):
    pm, pbias = PROVIDER_PRICE[o["provider"]]
    rm, rbias = RESELLER_PRICE[o["reseller"]]
    premium = 1.04 if (region == "qc" and o["provider"] in ("NIMBUS", "STRATOS", "AZURITE")) else 1.0
    if region in ("us-east", "us-west", "eu-west"):
        premium *= 0.98
    price = need["value"] * pm * rm * premium * need["noise"][o["provider"]] * math.exp(rng.gauss(0, 0.08))
    price = max(price, 20000.0 + rng.random() * 5000.0)
    scores = None
    if rng.random() < 0.75:
        def sc(bias):
            return min(100.0, max(0.0, round(72 + bias + rng.gauss(0, 9.0), 1)))
        scores = (sc(pbias), sc(pbias + rbias / 2), sc(pbias + 2), sc(rbias))
    lo, hi = DAYS_CLAMP[need["cls"]]
    days = need["days"] * rng.uniform(0.78, 1.25) * (1.08 if o["provider"] in ("NORDET", "BOREAL") else 1.0)
    days = int(min(hi, max(lo, round(days))))
    return {"need": need["id"], "offer": o["id"], "price": round(price, 2), "region": region, "scores": scores,
            "days": days}


def pick_region(need, o, servable):
    regs = o["regions"]
    if "qc" in regs and (need["pi"] and servable or rng.random() < 0.35):
        return "qc"
    others = [r for r in regs if r != "qc"] or regs
    return rng.choice(others)


def build_estimates(needs, offers):
    olist = [offers[k] for k in sorted(offers)]
    estimates = []
    for need in needs:
        need["noise"] = {p: math.exp(rng.gauss(0, 0.06)) for p in PROVIDER_PRICE}
        cands = [o for o in olist if o["category"] == need["category"]]
        servers = [o for o in cands if can_serve(need, o)]
        target = min(len(cands), rng.randint(4, 8))
        # two or three eligible estimates from different providers first
        chosen = []
        if need["cls"] == "large":   # only the firms with a big enough migration team bid for a large workload
            servers = [o for o in servers if min(PERIOD_CAPACITY[o["provider"]], PERIOD_CAPACITY[o["reseller"]])
                       >= 1.6 * DAYS_CLAMP["large"][1] / 8 * need["days"] / DAYS_RANGE["large"][1]]
        for _ in range(rng.choice([2, 3])):
            have = {o["provider"] for o in chosen}
            pool = [o for o in servers if o not in chosen and o["provider"] not in have] or \
                   [o for o in servers if o not in chosen]
            if pool:
                chosen.append(rng.choices(pool, [BID[o["reseller"]] for o in pool])[0])
        while len(chosen) < target:
            pool = [o for o in cands if o not in chosen]
            w = [BID[o["reseller"]] * (1.0 if can_serve(need, o) else 0.3) for o in pool]
            chosen.append(rng.choices(pool, w)[0])
        for o in sorted(chosen, key=lambda o: o["id"]):
            estimates.append(make_estimate(need, o, pick_region(need, o, can_serve(need, o))))
    estimates.sort(key=lambda e: (e["need"], e["offer"]))
    return estimates


def eligible_estimates(need, offers, estimates_by_need):
    return [e for e in estimates_by_need[need["id"]]
            if can_serve(need, offers[e["offer"]]) and (not need["pi"] or e["region"] == "qc")
            and need["term"] <= 36]


def main():
    offers = load_offers()
    needs = build_needs(offers)
    estimates = build_estimates(needs, offers)
    by_need = {}
    for e in estimates:
        by_need.setdefault(e["need"], []).append(e)
    net_of = {a[0]: a[2] for a in AGENCIES}

    # committed: the ministries' and agencies' earlier waves, awarded to one of the two cheapest eligible offers
    ministry_needs = [n for n in needs if n["network"] in ("ministry", "agency")]
    underway_pool = [n for n in ministry_needs if n["cls"] != "large"]
    underway = rng.sample(underway_pool, N_COMMITTED_UNDERWAY)
    done_pool = [n for n in ministry_needs if n not in underway and n["cls"] != "large"]
    done = rng.sample(done_pool, N_COMMITTED_DONE)
    committed = []
    for i, n in enumerate(sorted(underway, key=lambda n: n["id"])):
        n["committed_start"] = 0 if i % 2 == 0 else 1
    for n in underway + done:
        elig = sorted(eligible_estimates(n, offers, by_need), key=lambda e: (e["price"], e["offer"]))
        if n in underway:   # a migration under way leaves room for others in its suppliers' teams
            elig = [e for e in elig if e["days"] / n["periods"] <= 0.5 * min(
                PERIOD_CAPACITY[offers[e["offer"]]["provider"]], PERIOD_CAPACITY[offers[e["offer"]]["reseller"]])]
        e = elig[0] if rng.random() < 0.7 or len(elig) < 2 else elig[1]
        n["committed"] = e["offer"]
        committed.append((n["id"], e["offer"], first_day(n["committed_start"]) if "committed_start" in n else ""))
    committed.sort()

    # precedences: the identity service before the applications that authenticate against it; pairs moved together
    free = [n for n in needs if "committed" not in n]
    precedences = []
    in_prec = set()
    for aid in CHAIN_AGENCIES:
        mine = [n for n in free if n["agency"] == aid]
        ident = next(n for n in mine if n["identity"])
        apps = rng.sample([n for n in mine if not n["identity"] and n["cls"] != "small"]
                          or [n for n in mine if not n["identity"]], 2)
        for a in apps:
            precedences.append((a["id"], ident["id"], "after"))
            in_prec.update((a["id"], ident["id"]))
        if aid == "CHUM":   # a three-step chain: the patient portal follows the clinical record
            big = next((a for a in apps if a["cls"] == "large"), None)
            tail = [n for n in mine if n["id"] not in in_prec and n["cls"] == "small"]
            if big and tail:
                t = tail[0]
                precedences.append((t["id"], big["id"], "after"))
                in_prec.add(t["id"])
    by_agency = {}
    for n in free:
        if n["id"] not in in_prec and n["network"] in ("rsss", "rees"):
            by_agency.setdefault(n["agency"], []).append(n)
    pair_agencies = sorted(a for a, ns in by_agency.items() if len(ns) >= 2 and a not in CHAIN_AGENCIES)
    for aid in rng.sample(pair_agencies, N_WITH_PAIRS):
        a, b = rng.sample(by_agency[aid], 2)
        precedences.append((a["id"], b["id"], "with"))
        in_prec.update((a["id"], b["id"]))
    precedences.sort()

    # own deadlines (a data-centre lease or a support contract ends) and earliest starts (a contract runs until)
    others = [n for n in free if n["id"] not in in_prec]
    dl_needs = rng.sample([n for n in others if n["periods"] <= 3], N_OWN_DEADLINE)
    for n in dl_needs:
        last = period_of(*NETWORK_DEADLINE[n["network"]])
        lo = 1 + n["periods"] - 1 + 3          # at least three months of slack after the first free start
        n["deadline"] = rng.randint(lo, min(last - 3, lo + 12))
    es_needs = rng.sample([n for n in others if n not in dl_needs], N_EARLIEST)
    for n in es_needs:
        last = period_of(*NETWORK_DEADLINE[n["network"]])
        n["earliest"] = rng.randint(3, last - n["periods"] + 1 - 2)
    no_row = {n["id"] for n in rng.sample([n for n in others if n["cls"] == "small" and n not in dl_needs
                                           and n not in es_needs], N_NO_MIGRATION_ROW)}

    # agency teams: enough for their own workload over the RSSS window, with some slack
    usable = period_of(*NETWORK_DEADLINE["rsss"])   # periods 1..17
    agency_rows = []
    for aid in AGENCY_TEAMS:
        mine = [n for n in free if n["agency"] == aid]
        total = sum(max(e["days"] for e in by_need[n["id"]]) for n in mine)
        peak = max(max(e["days"] for e in by_need[n["id"]]) / n["periods"] for n in mine)
        limit = max(peak * 1.15, total / usable / 0.7) * CAPACITY_HEADROOM
        agency_rows.append((aid, "agency", "migration_days", "2027-01-01", math.ceil(limit / 5) * 5))

    # ---- write ----
    write_text("suppliers.csv", SUPPLIERS_CSV)
    write_text("offers.csv", OFFERS_CSV)
    write_csv("agencies.csv", ["id", "name", "network"], sorted((a[0], a[1], a[2]) for a in AGENCIES))
    write_csv("needs.csv", ["id", "agency", "title", "category", "personal_info", "certifications", "term_months"],
              [(n["id"], n["agency"], n["title"], n["category"], "true" if n["pi"] else "false",
                ";".join(n["certs"]), n["term"]) for n in sorted(needs, key=lambda n: n["id"])])
    write_csv("estimates.csv", ["need", "offer", "price", "region", "term_months", "compatibility",
                                "accessibility", "performance", "support"],
              [(e["need"], e["offer"], fmt_money(e["price"]), e["region"], "",
                *(("", "", "", "") if e["scores"] is None else (f"{s:.1f}" for s in e["scores"])))
               for e in estimates])
    write_csv("consumption.csv", ["need", "offer", "unit", "amount"],
              [(e["need"], e["offer"], "migration_days", e["days"]) for e in estimates])
    sup_rows = [(s, "supplier", "migration_days", "2027-01-01", headroom(lim)) for s, lim in PERIOD_CAPACITY.items()]
    sup_rows += [(s, "supplier", "migration_days", d, headroom(lim)) for s, (d, lim) in RAMP_UP.items()]
    write_csv("period_capacities.csv", ["holder", "kind", "unit", "from", "limit"],
              sorted(sup_rows, key=lambda r: (r[0], r[3])) + sorted(agency_rows))
    total_rows = []
    for s in TOTAL_CAPACITY_SUPPLIERS:   # generous: the whole horizon at the final monthly rate, plus 25 %
        monthly = RAMP_UP.get(s, (None, PERIOD_CAPACITY[s]))[1]
        total_rows.append((s, "migration_days", math.ceil(monthly * N_PERIODS * 1.25 / 100) * 100))
    write_csv("capacities.csv", ["supplier", "unit", "limit"], sorted(total_rows))
    write_csv("migrations.csv", ["need", "earliest_start", "deadline", "periods", "legacy_monthly_cost"],
              [(n["id"], first_day(n["earliest"]) if "earliest" in n else "",
                last_day(n["deadline"]) if "deadline" in n else "", n["periods"], fmt_money(n["legacy"]))
               for n in sorted(needs, key=lambda n: n["id"]) if n["id"] not in no_row])
    write_csv("precedences.csv", ["need", "after", "mode"], precedences)
    write_csv("committed.csv", ["need", "offer", "start"], committed)

    print(f"agencies {len(AGENCIES)}, needs {len(needs)}, estimates {len(estimates)}, committed {len(committed)} "
          f"({sum(1 for c in committed if c[2])} under way), precedences {len(precedences)}")
    for cls in ("small", "medium", "large"):
        ns = [n for n in needs if n["cls"] == cls]
        print(f"  {cls}: {len(ns)} needs")
    print(f"  networks: " + ", ".join(f"{k} {sum(1 for n in needs if n['network'] == k)}"
                                      for k in ("ministry", "agency", "rsss", "rees")))


def write_text(name, text):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        f.write(text)


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    main()
