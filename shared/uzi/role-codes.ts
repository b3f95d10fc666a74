// RoleCodeNL (OID 2.16.840.1.113883.2.4.15.111), the Nictiz "uzi-rolcode" code system: the role part
// `<beroep>.<specialisme>` of the UZI SAN string. Copied from the Nictiz code system as republished in
// the Nuts "nl-generic-functions-ig" (CodeSystem uzi-rolcode). 00.000 is not in that code system: the
// UZI-register puts it on every medewerkerpas (N/M) and server certificate (S).

export interface RoleCodeEntry {
  readonly name: string;
  /** Withdrawn by Nictiz; cards issued earlier can still carry it. */
  readonly deprecated?: true;
}

export const NO_ROLE_CODE = '00.000';
export const UNKNOWN_ROLE_NAME = 'Onbekende rolcode';

export const ROLE_CODES: Readonly<Record<string, RoleCodeEntry>> = {
  [NO_ROLE_CODE]: { name: 'Geen zorgverlenersrol (medewerker of server)' },
  '01.000': { name: 'Arts' },
  '01.002': { name: 'Allergoloog (gesloten register)' },
  '01.003': { name: 'Anesthesioloog' },
  '01.004': { name: 'Apotheekhoudende huisarts' },
  '01.008': { name: 'Bedrijfsarts' },
  '01.010': { name: 'Cardioloog' },
  '01.011': { name: 'Cardiothoracaal chirurg' },
  '01.012': { name: 'Dermatoloog' },
  '01.013': { name: 'Arts v. maag-darm-leverziekten' },
  '01.014': { name: 'Chirurg' },
  '01.015': { name: 'Huisarts' },
  '01.016': { name: 'Internist' },
  '01.018': { name: 'Keel- neus- en oorarts' },
  '01.019': { name: 'Kinderarts' },
  '01.020': { name: 'Arts klinische chemie (gesloten register)' },
  '01.021': { name: 'Klinisch geneticus' },
  '01.022': { name: 'Klinisch geriater' },
  '01.023': { name: 'Longarts' },
  '01.024': { name: 'Arts-microbioloog' },
  '01.025': { name: 'Neurochirurg' },
  '01.026': { name: 'Neuroloog' },
  '01.030': { name: 'Nucleair geneeskundige' },
  '01.031': { name: 'Oogarts' },
  '01.032': { name: 'Orthopedisch chirurg' },
  '01.033': { name: 'Patholoog' },
  '01.034': { name: 'Plastisch chirurg' },
  '01.035': { name: 'Psychiater' },
  '01.039': { name: 'Radioloog' },
  '01.040': { name: 'Radiotherapeut' },
  '01.041': { name: 'Reumatoloog' },
  '01.042': { name: 'Revalidatiearts' },
  '01.045': { name: 'Uroloog' },
  '01.046': { name: 'Gynaecoloog' },
  '01.047': { name: 'Specialist ouderengeneeskunde' },
  '01.048': { name: 'Verzekeringsarts' },
  '01.050': { name: 'Zenuwarts (gesloten register)' },
  '01.055': { name: 'Arts maatschappij en gezondheid' },
  '01.056': { name: 'Arts voor verstandelijk gehandicapten' },
  '01.062': { name: 'Internist-Allergoloog (gesloten register)' },
  '01.070': { name: 'Jeugdarts' },
  '01.071': { name: 'Spoedeisende hulp arts (SEH-arts)' },
  '01.074': { name: 'Sportarts' },
  '02.000': { name: 'Tandarts' },
  '02.053': { name: 'Orthodontist' },
  '02.054': { name: 'Kaakchirurg' },
  '03.000': { name: 'Verloskundige' },
  '04.000': { name: 'Fysiotherapeut' },
  '16.000': { name: 'Psychotherapeut' },
  '17.000': { name: 'Apotheker' },
  '17.060': { name: 'Ziekenhuisapotheker' },
  '17.075': { name: 'Openbaar apotheker' },
  '25.000': { name: 'Gezondheidszorgpsycholoog' },
  '25.061': { name: 'Klinisch psycholoog' },
  '25.063': { name: 'Klinisch neuropsycholoog' },
  '30.000': { name: 'Verpleegkundige' },
  '30.065': { name: 'Verpl. spec. prev. zorg bij som. aandoeningen', deprecated: true },
  '30.066': { name: 'Verpl. spec. acute zorg bij som. aandoeningen', deprecated: true },
  '30.067': { name: 'Verpl. spec. intensieve zorg bij som. aandoeningen', deprecated: true },
  '30.068': { name: 'Verpl. spec. chronische zorg bij som. aandoeningen', deprecated: true },
  '30.069': { name: 'Verpl. spec. geestelijke gezondheidszorg' },
  '30.076': { name: 'Verpl. spec. algemene gezondheidszorg' },
  '31.000': { name: 'Orthopedagoog-generalist' },
  '79.000': { name: 'Geregistreerd-mondhygiënist' },
  '80.000': { name: 'Bachelor medisch hulpverlener' },
  '81.000': { name: 'Physician assistant' },
  '82.000': { name: 'Klinisch technoloog' },
  '83.000': { name: 'Apothekersassistent' },
  '84.000': { name: 'Klinisch fysicus' },
  '85.000': { name: 'Tandprotheticus' },
  '86.000': { name: 'VIG-er' },
  '87.000': { name: 'Optometrist' },
  '88.000': { name: 'Huidtherapeut' },
  '89.000': { name: 'Diëtist' },
  '90.000': { name: 'Ergotherapeut' },
  '91.000': { name: 'Logopedist' },
  '92.000': { name: 'Mondhygiënist' },
  '93.000': { name: 'Oefentherapeut Mensendieck' },
  '94.000': { name: 'Oefentherapeut Cesar' },
  '95.000': { name: 'Orthoptist' },
  '96.000': { name: 'Podotherapeut' },
  '97.000': { name: 'Radiodiagnostisch laborant' },
  '98.000': { name: 'Radiotherapeutisch laborant' },
  '99.000': { name: 'Zorgverlener andere zorg' },
};

export function isKnownRoleCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(ROLE_CODES, code);
}

export function roleName(code: string): string {
  return isKnownRoleCode(code) ? (ROLE_CODES[code]?.name ?? UNKNOWN_ROLE_NAME) : UNKNOWN_ROLE_NAME;
}
