-- A citizen's dossiers: those whose applicant carries the citizen's ID number ($1), newest first; $2 narrows to one receipt code.
SELECT d.id, d.receipt_code, d.procedure_code, p.name_vi AS procedure_name_vi, p.name_en AS procedure_name_en,
       d.state, d.received_at, d.due_at, d.completed_at, o.name AS current_office_name
FROM dossier.dossier d
JOIN registry.party a ON a.id = d.applicant_party_id
JOIN dossier.procedure p ON p.code = d.procedure_code
JOIN org.office o ON o.id = d.current_office_id
WHERE a.id_number = $1
  AND ($2::text IS NULL OR d.receipt_code = $2)
ORDER BY d.received_at DESC, d.id DESC
LIMIT 200
