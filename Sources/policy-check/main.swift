print("policy-check")
