/** The location request's own words (kept in the rich renderers' chunk, so the first-click bundle carries none). */
const EN = {
  group: 'Location request',
  notNow: 'Not now',
  locating: 'Finding your location… Your browser may ask for permission.',
  denied:
    "Location access is blocked for this site, so nothing was shared. You can allow it in your browser's settings, or type your address instead.",
  unavailable: "Your location isn't available right now. Try again, or type your address instead.",
  timeout: 'Finding your location took too long. Try again, or type your address instead.',
  unsupported: "This browser can't share a location here. Please type your address instead.",
};

export type LocationKey = keyof typeof EN;

const FR: Record<LocationKey, string> = {
  group: 'Demande de position',
  notNow: 'Plus tard',
  locating: 'Recherche de votre position… Votre navigateur peut vous demander l’autorisation.',
  denied:
    'L’accès à la position est bloqué pour ce site : rien n’a été partagé. Vous pouvez l’autoriser dans les réglages du navigateur, ou écrire votre adresse.',
  unavailable: 'Votre position n’est pas disponible pour le moment. Réessayez, ou écrivez votre adresse.',
  timeout: 'La recherche de votre position a pris trop de temps. Réessayez, ou écrivez votre adresse.',
  unsupported: 'Ce navigateur ne peut pas partager de position ici. Merci d’écrire votre adresse.',
};

export function locationStrings(lang: string): Record<LocationKey, string> {
  return lang === 'fr' ? FR : EN;
}
